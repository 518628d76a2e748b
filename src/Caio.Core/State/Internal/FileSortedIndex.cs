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
