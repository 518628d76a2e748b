using System.Buffers;
using System.IO.Abstractions;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>
/// One sorted index of the file backend, and this store instance's replayed copy of it.
/// </summary>
/// <remarks>
/// <para>
/// On disk an index is a snapshot document <c>&lt;index&gt;.json</c>
/// (<c>{"name":…,"generation":G,"members":{…}}</c>, absent until the first compaction) and a journal
/// <c>&lt;index&gt;.jsonl</c> whose header line carries a generation and whose other lines are adds and
/// removes (see <see cref="IndexJournalFormat"/>). The index is the snapshot with the journal replayed
/// on top when both have the same generation; a journal of an older generation than the snapshot is
/// stale (already folded into the snapshot) and ignored.
/// </para>
/// <para>
/// Writers (who hold the family lock) append one line and flush it. When the journal has more than
/// <c>2 × members + </c><see cref="CompactionSlack"/> lines, the writer compacts: it writes the snapshot of
/// generation G+1 (temporary file, flush, rename), then replaces the journal by an empty one of
/// generation G+1 (same protocol). A crash between the two leaves a stale journal, which every reader
/// ignores and the next writer replaces before appending.
/// </para>
/// <para>
/// Readers take no lock. They keep the replayed members and the byte length of the journal they have
/// consumed, and on each call read only the lines appended since; a new journal generation (a
/// compaction by anyone) makes them reload the snapshot.
/// </para>
/// </remarks>
internal sealed partial class FileSortedIndex
{
    /// <summary>Journal lines allowed beyond twice the member count before the journal is compacted.</summary>
    internal const int CompactionSlack = 1000;

    private const long NoJournal = -1;
    private const int MaxReloadAttempts = 50;
    private const int ReadChunk = 64 * 1024;

    private readonly IFileSystem _fileSystem;
    private readonly string _name;
    private readonly string _snapshotPath;
    private readonly string _journalPath;
    private readonly bool _flushToDisk;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, double> _members = new(StringComparer.Ordinal);

    // Built on the first range read and kept up to date from then on: an index this instance only
    // writes (a bulk import's pending index) keeps just the member map.
    private SortedSet<IndexEntry>? _ordered;
    private bool _loaded;
    private long _snapshotGeneration;
    private long _journalGeneration = NoJournal;
    private bool _journalStale;
    private long _journalLength;
    private long _journalLines;

    public FileSortedIndex(IFileSystem fileSystem, string name, string snapshotPath, string journalPath, bool flushToDisk)
    {
        _fileSystem = fileSystem;
        _name = name;
        _snapshotPath = snapshotPath;
        _journalPath = journalPath;
        _flushToDisk = flushToDisk;
    }

    /// <summary>Members with <c>min ≤ score ≤ max</c>, lowest score first, ties by member (ordinal).</summary>
    public List<IndexEntry> Range(double min, double max, int? limit)
    {
        lock (_sync)
        {
            RefreshOrForget();
            List<IndexEntry> result = [];
            if (min > max || limit == 0)
            {
                return result;
            }

            // The upper bound's null member sorts after every member of the same score.
            _ordered ??= new SortedSet<IndexEntry>(_members.Select(pair => new IndexEntry(pair.Key, pair.Value)), EntryComparer.Instance);
            foreach (var entry in _ordered.GetViewBetween(new IndexEntry(string.Empty, min), new IndexEntry(null!, max)))
            {
                result.Add(entry);
                if (result.Count == limit)
                {
                    break;
                }
            }

            return result;
        }
    }

    /// <summary>Adds or re-scores a member. The caller holds the index family's lock.</summary>
    public void Add(string member, double score)
    {
        var line = IndexJournalFormat.AddLine(member, score);
        lock (_sync)
        {
            RefreshForWrite();
            if (_members.TryGetValue(member, out var current) && current.Equals(score))
            {
                return;
            }

            try
            {
                Append(line);
                SetMember(member, score);
                CompactIfDue();
            }
            catch
            {
                // Whether the line reached the file is unknown: re-read everything next time.
                _loaded = false;
                throw;
            }
        }
    }

    /// <summary>Removes a member. The caller holds the index family's lock.</summary>
    /// <returns>Whether the member was present.</returns>
    public bool Remove(string member)
    {
        var line = IndexJournalFormat.RemoveLine(member);
        lock (_sync)
        {
            RefreshForWrite();
            if (!_members.ContainsKey(member))
            {
                return false;
            }

            try
            {
                Append(line);
                RemoveMember(member);
                CompactIfDue();
            }
            catch
            {
                _loaded = false;
                throw;
            }

            return true;
        }
    }

    /// <summary>
    /// Applies several adds and removes (in order) as one journal append: one write, and one flush
    /// when <paramref name="flush"/> is set. Changes already in effect are skipped. The caller holds the
    /// index family's lock.
    /// </summary>
    public void Apply(IReadOnlyList<(IndexJournalOp Op, string Member, double Score)> changes, bool flush)
    {
        lock (_sync)
        {
            if (!_loaded)
            {
                // Not read by this instance (a bulk import's pending index): append without loading the
                // members, so memory does not grow with the index. Replaying a change already in effect
                // changes nothing, so skipping that check is safe.
                AppendWithoutLoading(changes, flush);
                return;
            }

            RefreshForWrite();
            using var lines = new MemoryStream();
            var count = 0;
            try
            {
                foreach (var (op, member, score) in changes)
                {
                    if (op == IndexJournalOp.Add)
                    {
                        if (_members.TryGetValue(member, out var current) && current.Equals(score))
                        {
                            continue;
                        }

                        lines.Write(IndexJournalFormat.AddLine(member, score));
                        SetMember(member, score);
                    }
                    else
                    {
                        if (!_members.ContainsKey(member))
                        {
                            continue;
                        }

                        lines.Write(IndexJournalFormat.RemoveLine(member));
                        RemoveMember(member);
                    }

                    count++;
                }

                if (count > 0)
                {
                    Append(lines.ToArray(), count, flush);
                    CompactIfDue();
                }
            }
            catch
            {
                // The members were changed ahead of the append, and whether it reached the file is
                // unknown: re-read everything next time.
                _loaded = false;
                throw;
            }
        }
    }

    /// <summary>
    /// Drops the replayed members when the index is larger than <paramref name="maxMembers"/>, so an
    /// instance does not keep every large index it has read; the next call reads it again.
    /// </summary>
    public void ForgetIfLarger(int maxMembers)
    {
        lock (_sync)
        {
            if (_loaded && _members.Count > maxMembers)
            {
                _loaded = false;
                _members.Clear();
                _members.TrimExcess();
                _ordered = null;
            }
        }
    }

    private static InvalidDataException Corrupt(string path, string reason, Exception? inner = null) =>
        new($"The index file '{path}' is not valid: {reason}.", inner);

    /// <summary>Brings the cached copy up to date; on failure it is dropped and reloaded next time.</summary>
    private void RefreshOrForget()
    {
        try
        {
            if (_loaded && TryCatchUp())
            {
                return;
            }

            Reload();
        }
        catch
        {
            _loaded = false;
            throw;
        }
    }

    /// <summary>
    /// <see cref="RefreshOrForget"/>, plus the check only a writer needs: that the snapshot is still the
    /// generation this copy was built on.
    /// </summary>
    /// <remarks>
    /// A compaction that died after renaming the new snapshot but before replacing the journal leaves
    /// the journal unchanged, so a copy read before it still matches the journal and still holds the
    /// right members; but that journal is now stale, and a line appended to it would be ignored by
    /// everyone else. Only the head of the snapshot is read, so this stays cheap for any index size.
    /// </remarks>
    private void RefreshForWrite()
    {
        RefreshOrForget();
        try
        {
            if (ReadSnapshotGeneration() != _snapshotGeneration)
            {
                Reload();
            }
        }
        catch
        {
            _loaded = false;
            throw;
        }
    }

    /// <summary>Applies the lines appended since the last look; false when the journal was replaced.</summary>
    private bool TryCatchUp()
    {
        using var journal = OpenJournalForRead();
        if (journal is null)
        {
            // Without a journal nobody has written since (every write starts by creating it).
            return _journalGeneration == NoJournal;
        }

        var (generation, _) = ReadHeader(journal);
        if (generation != _journalGeneration || journal.Length < _journalLength)
        {
            return false;
        }

        // A stale journal is never appended to: it is replaced (new generation) before the next write.
        if (!_journalStale)
        {
            ReadLines(journal, _journalLength);
        }

        return true;
    }

    private void Reload()
    {
        _loaded = false;
        for (var attempt = 0; ; attempt++)
        {
            // Snapshot first, journal second: a compaction renames the snapshot before the journal, so
            // a journal newer than the snapshot just read means one completed in between.
            var (snapshotGeneration, members) = ReadSnapshot();
            using var journal = OpenJournalForRead();
            long journalGeneration = NoJournal, headerLength = 0;
            if (journal is not null)
            {
                (journalGeneration, headerLength) = ReadHeader(journal);
                if (journalGeneration > snapshotGeneration)
                {
                    if (attempt + 1 >= MaxReloadAttempts)
                    {
                        throw Corrupt(_journalPath, "the journal's generation is newer than the snapshot's");
                    }

                    continue;
                }
            }

            _members.Clear();
            foreach (var (member, score) in members)
            {
                _members[member] = score;
            }

            _ordered = null;
            _snapshotGeneration = snapshotGeneration;
            _journalGeneration = journalGeneration;
            _journalStale = journal is not null && journalGeneration < snapshotGeneration;
            _journalLength = headerLength;
            _journalLines = 0;
            if (journal is not null && !_journalStale)
            {
                ReadLines(journal, headerLength);
            }

            _loaded = true;
            return;
        }
    }

    private (long Generation, Dictionary<string, double> Members) ReadSnapshot()
    {
        var bytes = AtomicFile.TryReadAll(_fileSystem, _snapshotPath);
        if (bytes is null)
        {
            return (0, new Dictionary<string, double>(StringComparer.Ordinal));
        }

        IndexDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, FileStateJsonContext.Default.IndexDocument);
        }
        catch (JsonException ex)
        {
            throw RecordDocument.Corrupt(_snapshotPath, ex);
        }

        if (document?.Members is null || document.Generation < 0 || !string.Equals(document.Name, _name, StringComparison.Ordinal))
        {
            throw RecordDocument.Corrupt(_snapshotPath);
        }

        foreach (var score in document.Members.Values)
        {
            if (double.IsNaN(score))
            {
                throw RecordDocument.Corrupt(_snapshotPath);
            }
        }

        return (document.Generation, document.Members);
    }

    /// <summary>
    /// The snapshot's generation (0 when there is none), read from the head of the document: snapshots are
    /// written with <c>generation</c> before <c>members</c>, and a document whose members come first is in the
    /// single-document format, which is generation 0.
    /// </summary>
    private long ReadSnapshotGeneration()
    {
        Stream stream;
        try
        {
            stream = _fileSystem.FileStream.Create(_snapshotPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            AtomicFile.ThrowUnlessAbsent(_fileSystem, _snapshotPath, (IOException)ex);
            return 0;
        }

        using (stream)
        {
            var length = stream.Length;
            var buffer = ArrayPool<byte>.Shared.Rent(512);
            try
            {
                var count = 0;
                while (true)
                {
                    var read = stream.Read(buffer, count, buffer.Length - count);
                    count += read;
                    var final = read == 0 || count >= length;
                    if (TryParseGeneration(buffer.AsSpan(0, count), final, out var generation))
                    {
                        return generation;
                    }

                    if (final)
                    {
                        throw RecordDocument.Corrupt(_snapshotPath);
                    }

                    if (count == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw RecordDocument.Corrupt(_snapshotPath, ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Finds the top-level <c>generation</c> in a snapshot's head; false when more bytes are needed.</summary>
    private static bool TryParseGeneration(ReadOnlySpan<byte> head, bool isFinalBlock, out long generation)
    {
        generation = 0;
        var reader = new Utf8JsonReader(head, isFinalBlock, default);
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("A snapshot is a JSON object.");
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // No generation and no members before the end: generation 0 (validated on a full read).
                return true;
            }

            var isGeneration = reader.ValueTextEquals("generation"u8);
            var isMembers = reader.ValueTextEquals("members"u8);
            if (isMembers)
            {
                // Members before any generation: the single-document format.
                return true;
            }

            if (!reader.Read())
            {
                return false;
            }

            if (isGeneration)
            {
                generation = reader.GetInt64();
                return true;
            }

            if (!reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    private Stream? OpenJournalForRead()
    {
        try
        {
            // Delete/ReadWrite sharing: a writer may append, and a compaction may rename over it, meanwhile.
            return _fileSystem.FileStream.Create(_journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            AtomicFile.ThrowUnlessAbsent(_fileSystem, _journalPath, (IOException)ex);
            return null;
        }
    }

    /// <summary>Reads the header line: the journal's generation and the header's length with its line break.</summary>
    private (long Generation, long Length) ReadHeader(Stream journal)
    {
        journal.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(512);
        try
        {
            var count = 0;
            while (true)
            {
                var newline = buffer.AsSpan(0, count).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    try
                    {
                        var (generation, index) = IndexJournalFormat.ParseHeader(buffer.AsSpan(0, newline));
                        if (!string.Equals(index, _name, StringComparison.Ordinal))
                        {
                            throw Corrupt(_journalPath, "the header names another index");
                        }

                        return (generation, newline + 1);
                    }
                    catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
                    {
                        throw Corrupt(_journalPath, "unreadable header", ex);
                    }
                }

                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = journal.Read(buffer, count, buffer.Length - count);
                if (read == 0)
                {
                    // Journals are created whole (header included) by an atomic rename.
                    throw Corrupt(_journalPath, "the header line is incomplete");
                }

                count += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Applies every whole line from <paramref name="from"/> on. Bytes after the last line break are a
    /// torn or in-flight append and are left for later.
    /// </summary>
    private void ReadLines(Stream journal, long from)
    {
        journal.Position = from;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk);
        try
        {
            int start = 0, end = 0;
            while (true)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                else if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = journal.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    return;
                }

                end += read;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                {
                    ApplyLine(buffer.AsSpan(start, newline - start));
                    _journalLength += newline - start + 1;
                    _journalLines++;
                    start = newline + 1;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ApplyLine(ReadOnlySpan<byte> line)
    {
        (IndexJournalOp Op, string Member, double Score) parsed;
        try
        {
            parsed = IndexJournalFormat.ParseLine(line);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw Corrupt(_journalPath, $"unreadable line at byte {_journalLength}", ex);
        }

        if (parsed.Op == IndexJournalOp.Add)
        {
            SetMember(parsed.Member, parsed.Score);
        }
        else
        {
            RemoveMember(parsed.Member);
        }
    }

    private void SetMember(string member, double score)
    {
        if (_members.TryGetValue(member, out var current))
        {
            _ordered?.Remove(new IndexEntry(member, current));
        }

        _members[member] = score;
        _ordered?.Add(new IndexEntry(member, score));
    }

    private void RemoveMember(string member)
    {
        if (_members.Remove(member, out var current))
        {
            _ordered?.Remove(new IndexEntry(member, current));
        }
    }

    /// <summary>Makes <paramref name="line"/> durable at the end of the current journal. Caller holds the lock.</summary>
    private void Append(byte[] line) => Append(line, 1, _flushToDisk);

    /// <summary>Appends <paramref name="count"/> whole lines at the end of the current journal. Caller holds the lock.</summary>
    private void Append(byte[] line, int count, bool flush)
    {
        if (_journalGeneration == NoJournal || _journalStale)
        {
            // No journal yet (a new or single-document index), or a stale one left by a compaction that
            // died before replacing it: start the snapshot's generation, header and line in one rename.
            var header = IndexJournalFormat.Header(_name, _snapshotGeneration);
            var content = new byte[header.Length + line.Length];
            header.CopyTo(content, 0);
            line.CopyTo(content, header.Length);
            AtomicFile.Write(_fileSystem, _journalPath, content, flush);
            _journalGeneration = _snapshotGeneration;
            _journalStale = false;
            _journalLength = header.Length;
            _journalLines = 0;
        }
        else
        {
            using var stream = _fileSystem.FileStream.Create(_journalPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            if (stream.Length < _journalLength)
            {
                throw Corrupt(_journalPath, "the journal is shorter than the lines already read from it");
            }

            if (stream.Length > _journalLength)
            {
                // A torn last line from an append that never completed: cut it off first.
                stream.SetLength(_journalLength);
                AtomicFile.Flush(stream, _flushToDisk);
            }

            stream.Position = _journalLength;
            stream.Write(line);
            AtomicFile.Flush(stream, flush);
        }

        _journalLength += line.Length;
        _journalLines += count;
    }

    /// <summary>Folds the journal into a new snapshot once dead lines dominate it. Caller holds the lock.</summary>
    private void CompactIfDue()
    {
        if (_journalLines <= (2L * _members.Count) + CompactionSlack)
        {
            return;
        }

        var generation = _snapshotGeneration + 1;
        var snapshot = JsonSerializer.SerializeToUtf8Bytes(new IndexDocument(_name, generation, _members), FileStateJsonContext.Default.IndexDocument);
        AtomicFile.Write(_fileSystem, _snapshotPath, snapshot, _flushToDisk);

        // From here until the journal is replaced, the old journal is stale and ignored by everyone.
        _snapshotGeneration = generation;
        _journalStale = true;
        var header = IndexJournalFormat.Header(_name, generation);
        AtomicFile.Write(_fileSystem, _journalPath, header, _flushToDisk);
        _journalGeneration = generation;
        _journalStale = false;
        _journalLength = header.Length;
        _journalLines = 0;
    }

    /// <summary>Score, then member (ordinal); a null member is an upper bound after every member of its score.</summary>
    private sealed class EntryComparer : IComparer<IndexEntry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(IndexEntry x, IndexEntry y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            if (ReferenceEquals(x.Member, y.Member))
            {
                return 0;
            }

            if (x.Member is null)
            {
                return 1;
            }

            return y.Member is null ? -1 : string.CompareOrdinal(x.Member, y.Member);
        }
    }
}
