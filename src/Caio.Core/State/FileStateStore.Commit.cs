using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Takes every family lock the transaction touches in ordinal order, checks the conditions, writes
    /// a durable intent (<c>intents/&lt;id&gt;.json</c>) naming every document and journal line it will
    /// write, applies them, and deletes the intent. An intent left by a writer that died is rolled
    /// forward by the next store that takes one of its locks or reads one of its families. A
    /// transaction with a single write needs no intent: one document write or journal line is atomic.
    /// </remarks>
    public async ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var conditions = transaction.Conditions.ToArray();
        var writes = transaction.Writes.ToArray();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var condition in conditions)
        {
            names.Add(LockName(RecordsFolder, condition.Key));
        }

        foreach (var write in writes)
        {
            names.Add(LockName(write.Kind is StateWriteKind.Put or StateWriteKind.Delete ? RecordsFolder : IndexesFolder, write.Key));
        }

        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return StateCommitResult.Success(versions);
        }

        string[] lockNames = [.. names];
        using var held = await LockAsync(lockNames, cancellationToken);
        // Each record is read once: a put on a key with a condition writes the version after the one checked.
        var current = new Dictionary<string, long>(conditions.Length, StringComparer.Ordinal);
        var documents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in conditions)
        {
            var version = ReadLiveRecord(DocumentPath(RecordsFolder, condition.Key), condition.Key, out var hasDocument)?.Version ?? 0;
            if (hasDocument)
            {
                documents.Add(condition.Key);
            }

            if (!condition.IsMetBy(version))
            {
                return StateCommitResult.Conflict(condition, version);
            }

            current[condition.Key] = version;
        }

        List<(string Key, byte[] Document)> puts = [];
        List<string> deletes = [];
        List<(string Index, byte[] Line)> changes = [];
        foreach (var write in writes)
        {
            switch (write.Kind)
            {
                case StateWriteKind.Put:
                    var version = (current.TryGetValue(write.Key, out var read) ? read : ReadPutBase(write.Key, documents)) + 1;
                    puts.Add((write.Key, RecordDocument.Serialize(write.Key, write.Value.Span, version, write.ExpiresAt)));
                    versions[write.Key] = version;
                    break;
                case StateWriteKind.Delete:
                    deletes.Add(write.Key);
                    break;
                case StateWriteKind.IndexAdd:
                    changes.Add((write.Key, IndexJournalFormat.AddLine(write.Member!, write.Score)));
                    break;
                default:
                    changes.Add((write.Key, IndexJournalFormat.RemoveLine(write.Member!)));
                    break;
            }
        }

        var intent = new CommitIntent(StateRules.NewLeaseToken(), lockNames, puts, deletes, changes);
        if (writes.Length <= 1)
        {
            Apply(intent, documents);
            return StateCommitResult.Success(versions);
        }

        // Once the intent is on disk the commit has happened: whoever next takes one of these locks
        // (this store included, should applying fail below) finishes it.
        var intentPath = _fileSystem.Path.Combine(_intentsDirectory, intent.Id + DocumentExtension);
        var (folder, family) = SplitLockName(lockNames[0]);
        _ownIntents[intentPath] = lockNames;
        try
        {
            using (var serialized = new PooledBufferWriter(intent.EstimatedLength()))
            {
                intent.SerializeTo(serialized);
                AtomicFile.Write(_fileSystem, intentPath, serialized.WrittenSpan, _flushToDisk, _fileSystem.Path.Combine(RootDirectory, folder, family));
            }

            await CountIntentAsync(cancellationToken);
            Apply(intent, documents);
            _fileSystem.File.Delete(intentPath);
        }
        finally
        {
            _ownIntents.TryRemove(intentPath, out _);
        }

        return StateCommitResult.Success(versions);
    }

    /// <summary>
    /// Takes the locks named in <paramref name="names"/> (distinct, in ordinal order) and rolls forward
    /// every pending intent that touches one of them before returning.
    /// </summary>
    /// <remarks>
    /// A committer deletes its intent before it releases any of its locks, so an intent that names a
    /// lock this store now holds belongs to a writer that is gone. When it names only locks held here,
    /// it is applied at once; otherwise these locks are released, the intent's own locks are taken
    /// (the same canonical order, so never a deadlock), it is applied there, and this starts again.
    /// </remarks>
    private async ValueTask<HeldLocks> LockAsync(string[] names, CancellationToken cancellationToken)
    {
        while (true)
        {
            var held = new HeldLocks();
            string[]? wider = null;
            try
            {
                foreach (var name in names)
                {
                    held.Add(await AcquireSweptAsync(name, cancellationToken));
                }

                foreach (var (path, locks) in PendingIntents())
                {
                    if (!locks.Any(name => Array.BinarySearch(names, name, StringComparer.Ordinal) >= 0))
                    {
                        continue;
                    }

                    if (locks.All(name => Array.BinarySearch(names, name, StringComparer.Ordinal) >= 0))
                    {
                        await RollForwardAsync(path, cancellationToken);
                    }
                    else
                    {
                        wider = locks;
                        break;
                    }
                }
            }
            catch
            {
                held.Dispose();
                throw;
            }

            if (wider is null)
            {
                return held;
            }

            held.Dispose();
            using var recovered = await LockAsync(wider, cancellationToken);
        }
    }

    /// <summary>The locks of a pending intent that touches <paramref name="lockName"/>, if there is one.</summary>
    private string[]? PendingIntentTouching(string lockName)
    {
        foreach (var (_, locks) in PendingIntentsForRead())
        {
            if (Array.BinarySearch(locks, lockName, StringComparer.Ordinal) >= 0)
            {
                return locks;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads while holding the locks of a pending commit: a live one has finished by then, a dead
    /// one has been rolled forward, and no other commit on those families is half-applied.
    /// </summary>
    private async ValueTask<T> ReadUnderLocksAsync<T>(string[] locks, Func<T> read, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(locks, cancellationToken);
        return read();
    }

    /// <summary>Finishes the commit described by the intent at <paramref name="path"/>. The caller holds all its locks.</summary>
    private async ValueTask RollForwardAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = AtomicFile.TryReadAll(_fileSystem, path);
        if (bytes is not null)
        {
            // Counted before anything is applied, so that readers elsewhere look for it again.
            var intent = CommitIntent.Parse(bytes, path);
            await CountIntentAsync(cancellationToken);
            Apply(intent);
            _fileSystem.File.Delete(path);
        }

        _intentLocks.TryRemove(path, out _);
    }

    /// <summary>
    /// Writes everything an intent names. Idempotent: records are written at their target version,
    /// deletes of absent records and index lines already in effect change nothing.
    /// </summary>
    /// <remarks>
    /// A commit of at least <see cref="GroupFlushMinimumWrites"/> writes, on a file system that can be
    /// flushed as a whole, writes its documents and journal lines without flushing each and then
    /// flushes once (group commit); the intent, already durable, is deleted only after that, so a
    /// power loss before the flush leaves it to be rolled forward. Otherwise every write is flushed.
    /// </remarks>
    /// <param name="intent">The commit.</param>
    /// <param name="documents">
    /// The record keys that have a document, when known (the committer read every key it puts, under
    /// the locks); <see langword="null"/> in a roll-forward, where every put's document is removed.
    /// </param>
    private void Apply(CommitIntent intent, HashSet<string>? documents = null)
    {
        // A group's records go to one segment append per family, so flushing each file it appended to
        // (a segment, an index journal) is a few fsync calls: cheaper than flushing the whole file system,
        // whose cost depends on every other program's unwritten data.
        var toSegments = intent.Puts.Count + intent.Deletes.Count >= GroupFlushMinimumWrites;
        var group = !toSegments && _flushToDisk && _fileSystemSync is not null
            && intent.Puts.Count + intent.Deletes.Count + intent.IndexChanges.Count >= GroupFlushMinimumWrites;
        var flushEach = _flushToDisk && !group;
        if (toSegments)
        {
            ApplyToSegments(intent, documents, flushEach);
        }
        else
        {
            foreach (var (key, document) in intent.Puts)
            {
                AtomicFile.Write(_fileSystem, DocumentPath(RecordsFolder, key), document, flushEach);
            }

            DeleteRecords(intent.Deletes, flushEach);
        }

        // One append per index, in the order the changes were named.
        var byIndex = new Dictionary<string, List<(IndexJournalOp, string, double)>>(StringComparer.Ordinal);
        foreach (var (index, line) in intent.IndexChanges)
        {
            if (!byIndex.TryGetValue(index, out var changes))
            {
                byIndex[index] = changes = [];
            }

            changes.Add(IndexJournalFormat.ParseLine(CommitIntent.TrimLineBreak(line)));
        }

        foreach (var (index, changes) in byIndex)
        {
            Index(index).Apply(changes, flushEach);
        }

        if (group)
        {
            _fileSystemSync!.Sync();
        }
    }

    /// <summary>The version a put without a condition builds on, noting whether the key has a document.</summary>
    private long ReadPutBase(string key, HashSet<string> documents)
    {
        var version = ReadLiveRecord(DocumentPath(RecordsFolder, key), key, out var hasDocument)?.Version ?? 0;
        if (hasDocument)
        {
            documents.Add(key);
        }

        return version;
    }

    /// <summary>Several held locks, released in reverse order.</summary>
    private sealed class HeldLocks : IDisposable
    {
        private readonly List<FileLocks.Held> _held = [];

        public void Add(FileLocks.Held held) => _held.Add(held);

        public void Dispose()
        {
            for (var i = _held.Count - 1; i >= 0; i--)
            {
                _held[i].Dispose();
            }

            _held.Clear();
        }
    }
}
