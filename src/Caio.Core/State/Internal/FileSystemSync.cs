using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Caio.State.Internal;

/// <summary>
/// One flush of a whole file system (Linux <c>syncfs</c>): what a group commit uses instead of one
/// <c>fsync</c> per document. Available only on Linux with the real file system; elsewhere a commit
/// flushes every document it writes.
/// </summary>
internal sealed class FileSystemSync : IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileSystemSync(SafeFileHandle handle) => _handle = handle;

    /// <summary>A sync for the file system holding <paramref name="anchorFile"/>, or <see langword="null"/> when unsupported.</summary>
    public static FileSystemSync? TryCreate(string anchorFile)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return new FileSystemSync(File.OpenHandle(anchorFile, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes every dirty page and inode of the file system to the device and waits for it.</summary>
    /// <exception cref="IOException">The file system reported a write error.</exception>
    public void Sync()
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            if (NativeMethods.SyncFs(_handle.DangerousGetHandle().ToInt32()) != 0)
            {
                throw new IOException($"syncfs failed with error {Marshal.GetLastPInvokeError()}; the group commit's documents may not be on the storage device.");
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // A blittable int call; LibraryImport would need unsafe code in this assembly.
        [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int SyncFs(int fd);
#pragma warning restore SYSLIB1054
    }
}
