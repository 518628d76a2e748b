using System.Collections.Concurrent;
using System.IO.Abstractions;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Caio.State.Internal;

namespace Caio.State;

/// <summary>
/// An <see cref="IStateStore"/> kept in a directory: one JSON document per record, replaced
/// atomically (temporary file, flush to disk, rename), and append-only logs as JSON Lines files.
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

    /// <inheritdoc />
    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        var path = DocumentPath(RecordsFolder, key);
        if (PendingIntentTouching(LockName(RecordsFolder, key)) is { } locks)
        {
            return ReadUnderLocksAsync(locks, () => ReadLiveRecord(path, key), cancellationToken);
        }

        return ValueTask.FromResult(ReadLiveRecord(path, key));
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        using var held = await LockFamilyAsync(RecordsFolder, key, cancellationToken);
        var path = DocumentPath(RecordsFolder, key);
        if (ReadLiveRecord(path, key) is not null)
        {
            return false;
        }

        AtomicFile.Write(_fileSystem, path, RecordDocument.Serialize(key, value.Span, 1, expiresAt), _flushToDisk);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        using var held = await LockFamilyAsync(RecordsFolder, key, cancellationToken);
        var path = DocumentPath(RecordsFolder, key);
        var currentVersion = ReadLiveRecord(path, key)?.Version ?? 0;
        if (currentVersion != expectedVersion)
        {
            return null;
        }

        var version = currentVersion + 1;
        AtomicFile.Write(_fileSystem, path, RecordDocument.Serialize(key, value.Span, version, expiresAt), _flushToDisk);
        return version;
    }

    /// <inheritdoc />
    public async ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        using var held = await LockFamilyAsync(RecordsFolder, key, cancellationToken);
        var path = DocumentPath(RecordsFolder, key);
        var version = (ReadLiveRecord(path, key)?.Version ?? 0) + 1;
        AtomicFile.Write(_fileSystem, path, RecordDocument.Serialize(key, value.Span, version, expiresAt), _flushToDisk);
        return version;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        using var held = await LockFamilyAsync(RecordsFolder, key, cancellationToken);
        var path = DocumentPath(RecordsFolder, key);
        var bytes = AtomicFile.TryReadAll(_fileSystem, path);
        var segments = Segments(key);
        var inSegments = segments.Lookup(key);
        if (bytes is null && inSegments.Document is null)
        {
            return false;
        }

        var current = RecordDocument.Deserialize(bytes ?? inSegments.Document!, bytes is null ? inSegments.Path! : path);
        var live = StateRules.IsLive(current.ExpiresAt, _timeProvider.GetUtcNow());
        if (live && expectedVersion is { } expected && current.Version != expected)
        {
            return false;
        }

        if (inSegments.Document is not null)
        {
            // Before the document goes: the segment's older copy must never show through.
            segments.Append([(key, SegmentLine.Tombstone(key))], _flushToDisk);
        }

        if (bytes is not null)
        {
            _fileSystem.File.Delete(path);
        }

        return live;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StateKeys.ValidatePrefix(prefix, nameof(prefix));
        cancellationToken.ThrowIfCancellationRequested();
        var familyLock = prefix.Contains(':', StringComparison.Ordinal) ? LockName(RecordsFolder, prefix) : null;
        foreach (var (_, locks) in PendingIntentsForRead())
        {
            if (locks.Any(name => familyLock is null ? name.StartsWith(RecordsFolder + ".", StringComparison.Ordinal) : string.Equals(name, familyLock, StringComparison.Ordinal)))
            {
                // Finish (or wait out) the commit before listing what it touches.
                using var settled = await LockAsync(locks, cancellationToken);
            }
        }

        var keys = CollectLiveKeys(prefix, cancellationToken);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    /// <inheritdoc />
    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateIncrement(delta, limit);
        using var held = await LockFamilyAsync(CountersFolder, key, cancellationToken);
        var path = DocumentPath(CountersFolder, key);
        var document = ReadDocument(path, FileStateJsonContext.Default.CounterDocument);
        var live = document is not null && StateRules.IsLive(document.ExpiresAt, _timeProvider.GetUtcNow());
        var current = live ? document!.Value : 0;
        if (!StateRules.TryIncrement(current, delta, limit, out var next))
        {
            return new CounterResult(false, current);
        }

        if (delta != 0)
        {
            var updated = new CounterDocument(key, next, live ? document!.ExpiresAt : expiresAt);
            WriteDocument(path, updated, FileStateJsonContext.Default.CounterDocument);
        }

        return new CounterResult(true, next);
    }

    /// <inheritdoc />
    public ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        var document = ReadDocument(DocumentPath(CountersFolder, key), FileStateJsonContext.Default.CounterDocument);
        var live = document is not null && StateRules.IsLive(document.ExpiresAt, _timeProvider.GetUtcNow());
        return ValueTask.FromResult(live ? document!.Value : 0);
    }

    /// <inheritdoc />
    public async ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        StateRules.ValidateScore(score, nameof(score));
        using var held = await LockFamilyAsync(IndexesFolder, index, cancellationToken);
        Index(index).Add(member, score);
    }

    /// <inheritdoc />
    public async ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        using var held = await LockFamilyAsync(IndexesFolder, index, cancellationToken);
        return Index(index).Remove(member);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        StateRules.ValidateRange(min, max, limit);
        cancellationToken.ThrowIfCancellationRequested();
        if (PendingIntentTouching(LockName(IndexesFolder, index)) is { } locks)
        {
            return ReadUnderLocksAsync<IReadOnlyList<IndexEntry>>(locks, () => ReadRange(index, min, max, limit), cancellationToken);
        }

        return ValueTask.FromResult<IReadOnlyList<IndexEntry>>(ReadRange(index, min, max, limit));
    }

    /// <summary>A range read that keeps no more than <see cref="MaxCachedIndexMembers"/> members of the index afterwards.</summary>
    private List<IndexEntry> ReadRange(string index, double min, double max, int? limit)
    {
        var sorted = Index(index);
        var range = sorted.Range(min, max, limit);
        sorted.ForgetIfLarger(MaxCachedIndexMembers);
        return range;
    }

    /// <inheritdoc />
    public async ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        StateRules.ValidateLogRecord(record, nameof(record));
        var escaped = StateKeys.Escape(log);
        using var held = await _locks.AcquireAsync(LogsFolder + "." + escaped, cancellationToken);
        var path = LogPath(escaped);
        var line = new byte[record.Length + 1];
        record.Span.CopyTo(line);
        line[^1] = (byte)'\n';

        Stream stream;
        try
        {
            stream = OpenLogForAppend(path);
        }
        catch (DirectoryNotFoundException)
        {
            _fileSystem.Directory.CreateDirectory(_fileSystem.Path.GetDirectoryName(path)!);
            stream = OpenLogForAppend(path);
        }

        using (stream)
        {
            var length = stream.Length;
            if (!_logTails.TryGetValue(path, out var tail) || tail.Length > length)
            {
                tail = ScanLog(stream, new LogTail(0, 0), length);
            }
            else if (tail.Length < length)
            {
                // Another process appended since: whole lines before our last end never change, so
                // only the new bytes are counted.
                tail = ScanLog(stream, tail, length);
            }

            if (tail.Length != length)
            {
                // A torn last line from an append that never completed: cut it off before appending.
                stream.SetLength(tail.Length);
                AtomicFile.Flush(stream, _flushToDisk);
            }

            _logTails.TryRemove(path, out _);
            stream.Position = tail.Length;
            stream.Write(line);
            AtomicFile.Flush(stream, _flushToDisk);
            var end = new LogTail(tail.Length + line.Length, tail.Count + 1);
            _logTails[path] = end;
            Checkpoints(path).Observe(end.Count, end.Length);
            return tail.Count;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        ArgumentOutOfRangeException.ThrowIfNegative(fromPosition);
        cancellationToken.ThrowIfCancellationRequested();
        var path = LogPath(StateKeys.Escape(log));
        Stream stream;
        try
        {
            stream = _fileSystem.FileStream.Create(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            AtomicFile.ThrowUnlessAbsent(_fileSystem, path, (IOException)ex);
            yield break;
        }

        using (stream)
        {
            var checkpoints = Checkpoints(path);
            var (position, offset) = checkpoints.Seek(fromPosition, stream.Length);
            stream.Position = offset;
            var buffer = new byte[LogReadChunk];
            int start = 0, end = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    offset += start;
                    start = 0;
                }
                else if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    // Whatever is left has no line break: a torn or in-flight append. Never a record.
                    checkpoints.Observe(position, offset + start);
                    yield break;
                }

                end += read;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                {
                    if (position >= fromPosition && newline > start)
                    {
                        yield return new LogRecord(position, buffer.AsSpan(start, newline - start).ToArray());
                    }

                    position++;
                    start = newline + 1;
                    if (position % LogCheckpoints.Stride == 0)
                    {
                        checkpoints.Observe(position, offset + start);
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(name, nameof(name));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        using var held = await LockFamilyAsync(LeasesFolder, name, cancellationToken);
        var path = DocumentPath(LeasesFolder, name);
        var document = ReadDocument(path, FileStateJsonContext.Default.LeaseDocument);
        var now = _timeProvider.GetUtcNow();
        if (document is { Token: not null } && document.ExpiresAt > now)
        {
            return null;
        }

        var lease = new Lease(name, StateRules.NewLeaseToken(), (document?.FencingToken ?? 0) + 1, now + ttl);
        WriteDocument(path, new LeaseDocument(name, lease.Token, lease.FencingToken, lease.ExpiresAt), FileStateJsonContext.Default.LeaseDocument);
        return lease;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        using var held = await LockFamilyAsync(LeasesFolder, lease.Name, cancellationToken);
        var path = DocumentPath(LeasesFolder, lease.Name);
        var now = _timeProvider.GetUtcNow();
        var document = ReadDocument(path, FileStateJsonContext.Default.LeaseDocument);
        if (!IsHeldBy(document, lease, now))
        {
            return false;
        }

        WriteDocument(path, document! with { ExpiresAt = now + ttl }, FileStateJsonContext.Default.LeaseDocument);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        using var held = await LockFamilyAsync(LeasesFolder, lease.Name, cancellationToken);
        var path = DocumentPath(LeasesFolder, lease.Name);
        var document = ReadDocument(path, FileStateJsonContext.Default.LeaseDocument);
        if (!IsHeldBy(document, lease, _timeProvider.GetUtcNow()))
        {
            return false;
        }

        // The fencing token stays on disk so the next grant gets a larger one.
        WriteDocument(path, document! with { Token = null }, FileStateJsonContext.Default.LeaseDocument);
        return true;
    }

    private static bool IsHeldBy(LeaseDocument? document, Lease lease, DateTimeOffset now) =>
        document is not null
        && string.Equals(document.Token, lease.Token, StringComparison.Ordinal)
        && document.FencingToken == lease.FencingToken
        && document.ExpiresAt > now;

    /// <summary>Counts the whole lines after <paramref name="from"/> (a known clean end) up to <paramref name="length"/>.</summary>
    private static LogTail ScanLog(Stream stream, LogTail from, long length)
    {
        var buffer = new byte[LogReadChunk];
        stream.Position = from.Length;
        long offset = from.Length, count = from.Count, clean = from.Length;
        while (offset < length)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length - offset));
            if (read == 0)
            {
                break;
            }

            var span = buffer.AsSpan(0, read);
            count += span.Count((byte)'\n');
            var last = span.LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                clean = offset + last + 1;
            }

            offset += read;
        }

        return new LogTail(clean, count);
    }

    private LogCheckpoints Checkpoints(string logPath) =>
        _logCheckpoints.GetOrAdd(logPath, static _ => new LogCheckpoints());

    private Stream OpenLogForAppend(string path) =>
        _fileSystem.FileStream.Create(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);

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

    private FileSortedIndex Index(string name) =>
        _indexes.GetOrAdd(name, static (name, store) =>
        {
            var stem = store._fileSystem.Path.Combine(store.RootDirectory, IndexesFolder, StateKeys.Escape(StateKeys.Family(name)), StateKeys.Escape(name));
            return new FileSortedIndex(store._fileSystem, name, stem + DocumentExtension, stem + LogExtension, store._flushToDisk);
        }, this);

    private string LogPath(string escapedName) =>
        _fileSystem.Path.Combine(RootDirectory, LogsFolder, escapedName + LogExtension);

    private StateEntry? ReadLiveRecord(string path, string key) => ReadLiveRecord(path, key, out _);

    private StateEntry? ReadLiveRecord(string path, string key, out bool hasDocument)
    {
        var bytes = AtomicFile.TryReadAll(_fileSystem, path);
        hasDocument = bytes is not null;
        if (bytes is null)
        {
            // No document: the record is whatever the family's segments hold last (decision 0012).
            var found = Segments(key).Lookup(key, _intentSequence.TryRead(out var stamp) ? stamp : null);
            if (found.Document is null)
            {
                return null;
            }

            bytes = found.Document;
            path = found.Path!;
        }

        var entry = RecordDocument.Deserialize(bytes, path);
        if (!string.Equals(entry.Key, key, StringComparison.Ordinal))
        {
            throw RecordDocument.Corrupt(path);
        }

        return StateRules.IsLive(entry.ExpiresAt, _timeProvider.GetUtcNow()) ? entry : null;
    }

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

    private List<string> CollectLiveKeys(string prefix, CancellationToken cancellationToken)
    {
        List<string> keys = [];
        var recordsRoot = _fileSystem.Path.Combine(RootDirectory, RecordsFolder);
        if (!AtomicFile.DirectoryExists(_fileSystem, recordsRoot))
        {
            return keys;
        }

        IEnumerable<string> familyDirectories = prefix.Contains(':', StringComparison.Ordinal)
            ? [_fileSystem.Path.Combine(recordsRoot, StateKeys.Escape(StateKeys.Family(prefix)))]
            : _fileSystem.Directory.EnumerateDirectories(recordsRoot).Where(directory =>
                !StateKeys.TryUnescape(_fileSystem.Path.GetFileName(directory), out var family)
                || family.StartsWith(prefix, StringComparison.Ordinal));

        var now = _timeProvider.GetUtcNow();
        foreach (var directory in familyDirectories)
        {
            if (!AtomicFile.DirectoryExists(_fileSystem, directory))
            {
                continue;
            }

            // Keys with a document are decided by the document; the rest by the newest segment line.
            var documents = new HashSet<string>(StringComparer.Ordinal);
            var segmentKeys = new RecordSegments(_fileSystem, _fileSystem.Path.Combine(directory, SegmentsFolder)).CollectKeys(prefix, now, cancellationToken);

            foreach (var file in _fileSystem.Directory.EnumerateFiles(directory, "*" + DocumentExtension))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = _fileSystem.Path.GetFileName(file);
                if (!name.EndsWith(DocumentExtension, StringComparison.Ordinal))
                {
                    continue;
                }

                if (StateKeys.TryUnescape(name[..^DocumentExtension.Length], out var decoded)
                    && !decoded.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var bytes = AtomicFile.TryReadAll(_fileSystem, file);
                if (bytes is null)
                {
                    continue;
                }

                var entry = RecordDocument.Deserialize(bytes, file);
                documents.Add(entry.Key);
                if (entry.Key.StartsWith(prefix, StringComparison.Ordinal) && StateRules.IsLive(entry.ExpiresAt, now))
                {
                    keys.Add(entry.Key);
                }
            }

            foreach (var (key, live) in segmentKeys)
            {
                if (live && !documents.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private readonly record struct LogTail(long Length, long Count);
}
