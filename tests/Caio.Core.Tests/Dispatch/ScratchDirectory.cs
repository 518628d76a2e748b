namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// A fresh directory for a file-backed state store, deleted on dispose. Uses the RAM-backed shared
/// memory file system where the OS has one (Linux <c>/dev/shm</c>), otherwise the system temp directory:
/// the file store's semantics (atomic rename, OS file locks) are the same on both, and a test that
/// writes tens of thousands of small documents is then bounded by the code under test, not by the disk.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private const string SharedMemory = "/dev/shm";

    public ScratchDirectory()
    {
        var root = Environment.GetEnvironmentVariable("CAIO_SCRATCH_ON_DISK") == "1" ? System.IO.Path.GetTempPath() : OperatingSystem.IsLinux() && Directory.Exists(SharedMemory) ? SharedMemory : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "caio-dispatch-tests", Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (UnauthorizedAccessException)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "caio-dispatch-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
