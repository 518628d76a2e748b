using System.Collections.Concurrent;
using System.IO.Abstractions;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Caio.State.Internal;

namespace Caio.State;

/// <summary>
/// An <see cref="IStateStore"/> kept in a directory: a record is a JSON document replaced atomically
/// (temporary file, flush to disk, rename) or, when written in a group commit, a line in its family's
/// record segments (see <c>docs/state.md</c>); append-only logs are JSON Lines files.
/// Safe for several threads and several processes on one machine sharing the directory.
/// </summary>
/// <remarks>
/// <para>
/// Layout under <see cref="FileStateStoreOptions.Directory"/>: <c>records/</c>, <c>counters/</c> and
/// <c>leases/</c> hold <c>&lt;family&gt;/&lt;escaped name&gt;.json</c>, where the family is the first
/// <c>:</c>-separated segment of the name; <c>indexes/&lt;family&gt;/</c> holds per index an append-only
/// journal <c>&lt;escaped name&gt;.jsonl</c> and, once compacted, a snapshot <c>&lt;escaped name&gt;.json</c>;
/// <c>logs/&lt;escaped name&gt;.jsonl</c> hold the logs; <c>locks/</c> holds one lock file per family and kind.
/// </para>
/// <para>
/// Every read-modify-write takes an in-process gate and an exclusive OS lock on the family's lock
/// file, so two processes never both win an insert or both pass a counter limit. Reads take no lock
/// and never flush: a rename replaces a document in one step, so a reader sees the old or the new one.
/// An index change appends one journal line, so its cost does not grow with the index; each instance
/// keeps the indexes it has read in memory and reads only the lines appended since its last look.
/// </para>
/// </remarks>
public sealed partial class FileStateStore : IStateStore
{
    private const string RecordsFolder = "records";
    private const string CountersFolder = "counters";
    private const string IndexesFolder = "indexes";
    private const string LeasesFolder = "leases";
    private const string LogsFolder = "logs";
    private const string LocksFolder = "locks";
    private const string IntentsFolder = "intents";
    private const string IntentSequenceFile = "sequence";

    /// <summary>The size from which a commit flushes its writes once, as a group (see <c>Apply</c>).</summary>
    private const int GroupFlushMinimumWrites = 16;

    /// <summary>Indexes larger than this are not kept in memory between range reads (memory stays flat).</summary>
    private const int MaxCachedIndexMembers = 100_000;
    private const string DocumentExtension = ".json";
    private const string LogExtension = ".jsonl";
    private const int LogReadChunk = 64 * 1024;

    private readonly IFileSystem _fileSystem;
    private readonly TimeProvider _timeProvider;
    private readonly bool _flushToDisk;
    private readonly FileLocks _locks;
    private readonly ConcurrentDictionary<string, byte> _swept = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LogTail> _logTails = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LogCheckpoints> _logCheckpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileSortedIndex> _indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _intentLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _ownIntents = new(StringComparer.Ordinal);
    private readonly IntentSequence _intentSequence;
    private readonly FileSystemSync? _fileSystemSync;
    private readonly string _intentsDirectory;
    private CleanListing? _cleanListing;

    /// <summary>Opens (and creates when missing) a state directory.</summary>
    /// <exception cref="InvalidOperationException">The runtime's OS file locking is disabled.</exception>
    /// <param name="options">Where the state lives and how durable writes are.</param>
    /// <param name="timeProvider">The clock expiry and leases are evaluated against.</param>
    /// <param name="fileSystem">The file system to use; the real one when <see langword="null"/>.</param>
    public FileStateStore(FileStateStoreOptions options, TimeProvider timeProvider, IFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LockTimeout, TimeSpan.Zero, nameof(options));
        FileLocks.ThrowIfOsLockingDisabled();
        _fileSystem = fileSystem ?? new FileSystem();
        _timeProvider = timeProvider;
        _flushToDisk = options.FlushToDisk;
        RootDirectory = _fileSystem.Path.GetFullPath(options.Directory);
        var locks = _fileSystem.Path.Combine(RootDirectory, LocksFolder);
        _fileSystem.Directory.CreateDirectory(locks);
        _locks = new FileLocks(_fileSystem, locks, options.LockTimeout);
        _intentsDirectory = _fileSystem.Path.Combine(RootDirectory, IntentsFolder);
        _fileSystem.Directory.CreateDirectory(_intentsDirectory);
        _intentSequence = new IntentSequence(_fileSystem, _fileSystem.Path.Combine(locks, IntentsFolder + "." + IntentSequenceFile));
        _fileSystemSync = _fileSystem is FileSystem ? FileSystemSync.TryCreate(_fileSystem.Path.Combine(locks, IntentsFolder + "." + IntentSequenceFile)) : null;
    }

    /// <summary>The full path of the state directory.</summary>
    public string RootDirectory { get; }

    /// <summary>
    /// Takes a family's lock for a single-key write. Records and indexes can be part of a commit, so
    /// for them this also finishes a commit whose writer died (see <see cref="LockAsync"/>).
    /// </summary>
    private async ValueTask<IDisposable> LockFamilyAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var lockName = LockName(folder, name);
        return folder is RecordsFolder or IndexesFolder
            ? await LockAsync([lockName], cancellationToken)
            : await AcquireSweptAsync(lockName, cancellationToken);
    }

    private async ValueTask<FileLocks.Held> AcquireSweptAsync(string lockName, CancellationToken cancellationToken)
    {
        var held = await _locks.AcquireAsync(lockName, cancellationToken);
        var (folder, family) = SplitLockName(lockName);
        if (_swept.TryAdd(folder + "/" + family, 0))
        {
            try
            {
                // Every write into this directory holds this lock, so any temporary file in it is
                // left over from a writer that crashed.
                AtomicFile.SweepTemporaryFiles(_fileSystem, _fileSystem.Path.Combine(RootDirectory, folder, family));
            }
            catch
            {
                held.Dispose();
                throw;
            }
        }

        return held;
    }

    private static string LockName(string folder, string name) => folder + "." + StateKeys.Escape(StateKeys.Family(name));

    private static (string Folder, string Family) SplitLockName(string lockName)
    {
        var dot = lockName.IndexOf('.', StringComparison.Ordinal);
        return (lockName[..dot], lockName[(dot + 1)..]);
    }

    private string DocumentPath(string folder, string name) =>
        _fileSystem.Path.Combine(RootDirectory, folder, StateKeys.Escape(StateKeys.Family(name)), StateKeys.Escape(name) + DocumentExtension);

    private T? ReadDocument<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var bytes = AtomicFile.TryReadAll(_fileSystem, path);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw RecordDocument.Corrupt(path);
        }
        catch (JsonException ex)
        {
            throw RecordDocument.Corrupt(path, ex);
        }
    }

    private void WriteDocument<T>(string path, T document, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, typeInfo);
        AtomicFile.Write(_fileSystem, path, bytes, _flushToDisk);
    }
}
