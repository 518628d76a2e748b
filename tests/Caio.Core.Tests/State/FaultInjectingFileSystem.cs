using System.IO.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Caio.Core.Tests.State;

/// <summary>Where a <see cref="FaultInjectingFileSystem"/> makes a write fail.</summary>
public enum FaultPoint
{
    /// <summary>Creating the temporary file of a document write.</summary>
    CreateTemp,

    /// <summary>Writing the temporary file, after a given number of bytes reached the file.</summary>
    WriteTemp,

    /// <summary>Flushing the temporary file to disk (all bytes written).</summary>
    FlushTemp,

    /// <summary>Renaming the temporary file over the document (nothing renamed).</summary>
    Rename,

    /// <summary>Right after the rename succeeded.</summary>
    AfterRename,

    /// <summary>Opening a log file for an append.</summary>
    OpenLog,

    /// <summary>Writing a log line, after a given number of bytes reached the file.</summary>
    WriteLog,

    /// <summary>Flushing a log file to disk (the whole line written).</summary>
    FlushLog,
}

/// <summary>
/// The real file system with one injected failure, modelling a process that dies at that point:
/// once the fault fires, every later file operation through this instance fails too, so nothing
/// (not even clean-up) happens after the "crash". Lock files are never faulted before the crash.
/// </summary>
internal sealed class FaultInjectingFileSystem : IFileSystem
{
    private readonly FileSystem _inner = new();

    /// <param name="point">Where the fault fires.</param>
    /// <param name="bytesBeforeFault">For the write points: bytes that reach the file before the fault.</param>
    /// <param name="tempFilesBefore">
    /// For the temporary-file points: how many temporary files (document writes) complete before the
    /// one that fails, e.g. 1 to fail the second write of a compaction.
    /// </param>
    public FaultInjectingFileSystem(FaultPoint point, int bytesBeforeFault = 0, int tempFilesBefore = 0)
    {
        Point = point;
        BytesBeforeFault = bytesBeforeFault;
        TempFilesBefore = tempFilesBefore;
        File = new FaultyFile(this);
        FileStream = new FaultyStreamFactory(this);
    }

    public FaultPoint Point { get; }

    public int BytesBeforeFault { get; }

    public int TempFilesBefore { get; }

    /// <summary>Whether the fault fired (the simulated process is dead).</summary>
    public bool Crashed { get; private set; }

    public IFile File { get; }

    public IDirectory Directory => _inner.Directory;

    public IFileInfoFactory FileInfo => _inner.FileInfo;

    public IFileStreamFactory FileStream { get; }

    public IPath Path => _inner.Path;

    public IDirectoryInfoFactory DirectoryInfo => _inner.DirectoryInfo;

    public IDriveInfoFactory DriveInfo => _inner.DriveInfo;

    public IFileSystemWatcherFactory FileSystemWatcher => _inner.FileSystemWatcher;

    internal Exception Crash()
    {
        Crashed = true;
        return new IOException($"Injected fault at {Point}.");
    }

    internal void ThrowIfCrashed()
    {
        if (Crashed)
        {
            throw new IOException("The simulated process has crashed.");
        }
    }

    private int _tempFilesCreated;
    private int _tempFilesRenamed;

    private static bool IsTemp(string path) => path.EndsWith(".tmp", StringComparison.Ordinal);

    private static bool IsLog(string path) => path.EndsWith(".jsonl", StringComparison.Ordinal);

    private sealed class FaultyFile : FileWrapper
    {
        private readonly FaultInjectingFileSystem _owner;

        public FaultyFile(FaultInjectingFileSystem owner)
            : base(owner)
        {
            _owner = owner;
        }

        public override void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            _owner.ThrowIfCrashed();
            var armed = IsTemp(sourceFileName) && _owner._tempFilesRenamed++ == _owner.TempFilesBefore;
            if (armed && _owner.Point == FaultPoint.Rename)
            {
                throw _owner.Crash();
            }

            base.Move(sourceFileName, destFileName, overwrite);
            if (armed && _owner.Point == FaultPoint.AfterRename)
            {
                throw _owner.Crash();
            }
        }

        public override void Move(string sourceFileName, string destFileName) => Move(sourceFileName, destFileName, overwrite: false);

        public override void Delete(string path)
        {
            _owner.ThrowIfCrashed();
            base.Delete(path);
        }
    }

    private sealed class FaultyStreamFactory : InterceptingStreamFactory
    {
        private readonly FaultInjectingFileSystem _owner;

        public FaultyStreamFactory(FaultInjectingFileSystem owner)
        {
            _owner = owner;
        }

        public override Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
        {
            _owner.ThrowIfCrashed();
            var armedTemp = IsTemp(path) && _owner._tempFilesCreated++ == _owner.TempFilesBefore;
            if ((armedTemp && _owner.Point == FaultPoint.CreateTemp) || (IsLog(path) && access != FileAccess.Read && _owner.Point == FaultPoint.OpenLog))
            {
                throw _owner.Crash();
            }

            if (IsTemp(path) && !armedTemp)
            {
                return new FileStream(path, mode, access, share, bufferSize, options);
            }

            if (IsTemp(path) || (IsLog(path) && access != FileAccess.Read))
            {
                var writePoint = IsTemp(path) ? FaultPoint.WriteTemp : FaultPoint.WriteLog;
                var flushPoint = IsTemp(path) ? FaultPoint.FlushTemp : FaultPoint.FlushLog;
                return new FaultyFileStream(_owner, path, mode, access, share, bufferSize, options, writePoint, flushPoint);
            }

            return new FileStream(path, mode, access, share, bufferSize, options);
        }
    }

    /// <summary>A real file stream that fails part-way through a write or before a flush.</summary>
    private sealed class FaultyFileStream : FileStream
    {
        private readonly FaultInjectingFileSystem _owner;
        private readonly FaultPoint _writePoint;
        private readonly FaultPoint _flushPoint;
        private long _written;

        public FaultyFileStream(
            FaultInjectingFileSystem owner, string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options, FaultPoint writePoint, FaultPoint flushPoint)
            : base(path, mode, access, share, bufferSize, options)
        {
            _owner = owner;
            _writePoint = writePoint;
            _flushPoint = flushPoint;
        }

        // Stream.Write(ReadOnlySpan) of a derived FileStream forwards to Write(byte[], int, int), so
        // the fault is checked only there and the span overload is left to the base class.
        public override void Write(byte[] buffer, int offset, int count)
        {
            _owner.ThrowIfCrashed();
            if (_owner.Point == _writePoint && _written + count > _owner.BytesBeforeFault)
            {
                // Let exactly the first bytes reach the file (and the disk), then die.
                var allowed = (int)Math.Max(0, _owner.BytesBeforeFault - _written);
                base.Write(buffer, offset, allowed);
                base.Flush(flushToDisk: true);
                throw _owner.Crash();
            }

            base.Write(buffer, offset, count);
            _written += count;
        }

        public override void Flush(bool flushToDisk)
        {
            if (_owner.Crashed)
            {
                // A dead process flushes nothing; returning quietly lets the handle close on dispose.
                return;
            }

            if (_owner.Point == _flushPoint)
            {
                throw _owner.Crash();
            }

            base.Flush(flushToDisk);
        }
    }
}
