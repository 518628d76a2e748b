using System.Runtime.CompilerServices;
using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
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

        var current = bytes is null ? SegmentEntry(inSegments, key) : RecordDocument.Deserialize(bytes, path);
        var live = StateRules.IsLive(current.ExpiresAt, _timeProvider.GetUtcNow());
        if (live && expectedVersion is { } expected && current.Version != expected)
        {
            return false;
        }

        RemoveRecord(key, path, segments, inSegments, hasDocument: bytes is not null);
        return live;
    }

    /// <summary>Removes a record's document and, first, hides any copy its segments hold. The caller holds the family's lock.</summary>
    private void RemoveRecord(string key, string path, RecordSegments segments, SegmentLookup inSegments, bool hasDocument)
    {
        if (inSegments.Document is not null)
        {
            // Before the document goes: the segment's older copy must never show through.
            segments.Append([(key, SegmentLine.Tombstone(key))], _flushToDisk);
        }

        if (hasDocument)
        {
            _fileSystem.File.Delete(path);
        }
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

            return Live(SegmentEntry(found, key));
        }

        var entry = RecordDocument.Deserialize(bytes, path);
        if (!string.Equals(entry.Key, key, StringComparison.Ordinal))
        {
            throw RecordDocument.Corrupt(path);
        }

        return Live(entry);
    }

    private StateEntry? Live(StateEntry entry) => StateRules.IsLive(entry.ExpiresAt, _timeProvider.GetUtcNow()) ? entry : null;

    /// <summary>The record a segment line holds; a damaged line is reported with its file and offset.</summary>
    private static StateEntry SegmentEntry(SegmentLookup found, string key)
    {
        try
        {
            var entry = RecordDocument.Deserialize(found.Document!, found.Path!);
            return string.Equals(entry.Key, key, StringComparison.Ordinal) ? entry : throw RecordDocument.Corrupt(found.Path!);
        }
        catch (InvalidDataException ex) when (!SegmentLine.IsUnreadableLine(ex))
        {
            throw SegmentLine.Unreadable(found.Path!, found.Offset, ex);
        }
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
}
