using System.IO.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Caio.Core.Tests.State;

/// <summary>
/// The real file system, dying at the <c>n</c>-th changing operation: opening a file for writing,
/// a write (of which the first half reaches the file), a flush, a truncation, a rename or a delete.
/// Lock files are never counted. Once dead, every later operation through this instance fails, so
/// nothing — not even clean-up — happens after the "crash". Running an operation with n = 0, 1, 2, …
/// until it completes visits every file-system boundary of it.
/// </summary>
internal sealed class CrashingFileSystem : IFileSystem
{
    private readonly FileSystem _inner = new();
    private readonly int _crashAt;
    private int _operations;

    public CrashingFileSystem(int crashAt)
    {
        _crashAt = crashAt;
        File = new CrashingFile(this);
        FileStream = new CrashingStreamFactory(this);
    }

    /// <summary>Whether the crash happened.</summary>
    public bool Crashed { get; private set; }

    /// <summary>Changing operations seen so far (including the one that crashed).</summary>
    public int Operations => _operations;

    public IFile File { get; }

    public IDirectory Directory => _inner.Directory;

    public IFileInfoFactory FileInfo => _inner.FileInfo;

    public IFileStreamFactory FileStream { get; }

    public IPath Path => _inner.Path;

    public IDirectoryInfoFactory DirectoryInfo => _inner.DirectoryInfo;

    public IDriveInfoFactory DriveInfo => _inner.DriveInfo;

    public IFileSystemWatcherFactory FileSystemWatcher => _inner.FileSystemWatcher;

    /// <summary>Counts one changing operation; true when this is the one that dies.</summary>
    private bool Step()
    {
        ThrowIfCrashed();
        if (_operations++ == _crashAt)
        {
            Crashed = true;
            return true;
        }

        return false;
    }

    private void ThrowIfCrashed()
    {
        if (Crashed)
        {
            throw new IOException("The simulated process has crashed.");
        }
    }

    private static IOException Died(string what) => new($"Simulated crash at {what}.");

    private sealed class CrashingFile : FileWrapper
    {
        private readonly CrashingFileSystem _owner;

        public CrashingFile(CrashingFileSystem owner)
            : base(owner)
        {
            _owner = owner;
        }

        public override void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            if (_owner.Step())
            {
                throw Died("rename " + sourceFileName);
            }

            base.Move(sourceFileName, destFileName, overwrite);
        }

        public override void Move(string sourceFileName, string destFileName) => Move(sourceFileName, destFileName, overwrite: false);

        public override void Delete(string path)
        {
            if (_owner.Step())
            {
                throw Died("delete " + path);
            }

            base.Delete(path);
        }
    }

    private sealed class CrashingStreamFactory : InterceptingStreamFactory
    {
        private readonly CrashingFileSystem _owner;

        public CrashingStreamFactory(CrashingFileSystem owner)
        {
            _owner = owner;
        }

        public override Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
        {
            if (path.EndsWith(".lock", StringComparison.Ordinal))
            {
                return new FileStream(path, mode, access, share, bufferSize, options);
            }

            if (access == FileAccess.Read)
            {
                _owner.ThrowIfCrashed();
                return new FileStream(path, mode, access, share, bufferSize, options);
            }

            if (_owner.Step())
            {
                throw Died("open " + path);
            }

            return new CrashingFileStream(_owner, path, mode, access, share, bufferSize, options);
        }
    }

    private sealed class CrashingFileStream(
        CrashingFileSystem owner, string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
        : FileStream(path, mode, access, share, bufferSize, options)
    {
        // Stream.Write(ReadOnlySpan) of a derived FileStream forwards here.
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (owner.Step())
            {
                base.Write(buffer, offset, count / 2);
                base.Flush(flushToDisk: true);
                throw Died("write");
            }

            base.Write(buffer, offset, count);
        }

        public override void Flush(bool flushToDisk)
        {
            if (owner.Crashed)
            {
                return; // a dead process flushes nothing; the handle still closes on dispose
            }

            if (owner.Step())
            {
                throw Died("flush");
            }

            base.Flush(flushToDisk);
        }

        public override void SetLength(long value)
        {
            if (owner.Step())
            {
                throw Died("truncate");
            }

            base.SetLength(value);
        }
    }
}
