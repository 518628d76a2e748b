using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Abstractions;

namespace Caio.State.Internal;

/// <summary>
/// Per-name mutual exclusion across threads (a <see cref="SemaphoreSlim"/>) and across processes
/// (a lock file opened with <see cref="FileShare.None"/>, which the runtime maps to an exclusive
/// OS lock: <c>flock</c> on Unix, a sharing-mode lock on Windows).
/// </summary>
internal sealed class FileLocks
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(20);

    private readonly IFileSystem _fileSystem;
    private readonly string _directory;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public FileLocks(IFileSystem fileSystem, string directory, TimeSpan timeout)
    {
        _fileSystem = fileSystem;
        _directory = directory;
        _timeout = timeout;
    }

    /// <summary>
    /// Refuses to run when the runtime's OS file locking is switched off
    /// (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> or the <c>System.IO.DisableFileLocking</c> switch):
    /// the lock files would then exclude nothing and the store would silently lose its atomicity.
    /// </summary>
    public static void ThrowIfOsLockingDisabled()
    {
        var disabled = AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var isSet) && isSet;
        var variable = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
        disabled |= string.Equals(variable, "1", StringComparison.Ordinal) || string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase);
        if (disabled)
        {
            throw new InvalidOperationException(
                "The file state store needs OS file locking, but it is disabled (DOTNET_SYSTEM_IO_DISABLEFILELOCKING / System.IO.DisableFileLocking).");
        }
    }

    /// <summary>Takes the lock called <paramref name="name"/> (a safe file-name stem).</summary>
    public async ValueTask<Held> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(name, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var stream = await OpenExclusiveAsync(_fileSystem.Path.Combine(_directory, name + ".lock"), cancellationToken);
            return new Held(gate, stream);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private async ValueTask<Stream> OpenExclusiveAsync(string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var backoff = FirstBackoff;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return _fileSystem.FileStream.Create(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (DirectoryNotFoundException)
            {
                _fileSystem.Directory.CreateDirectory(_directory);
                continue;
            }
            catch (IOException) when (Stopwatch.GetElapsedTime(started) < _timeout)
            {
                // Held by another process (or another store instance in this one): back off and retry.
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"Timed out after {_timeout} waiting for the state lock '{path}'.", ex);
            }

            await Task.Delay(backoff, cancellationToken);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    /// <summary>A held lock; disposing releases the file lock, then the in-process gate.</summary>
    internal readonly struct Held : IDisposable
    {
        private readonly SemaphoreSlim _gate;
        private readonly Stream _stream;

        public Held(SemaphoreSlim gate, Stream stream)
        {
            _gate = gate;
            _stream = stream;
        }

        public void Dispose()
        {
            try
            {
                _stream.Dispose();
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
