using System.Buffers;
using System.IO.Abstractions;

namespace Caio.State.Internal;

/// <summary>
/// The record segments of one family: append-only JSON Lines files
/// (<c>records/&lt;family&gt;/segments/&lt;n&gt;.jsonl</c>) that hold the records written by group commits,
/// one record document (or tombstone) per line, padded with spaces to a multiple of 16 bytes, newest
/// last. Only the open (newest) segment is indexed in memory, by a flat fingerprint table (8 bytes per
/// slot) kept current by reading only what was appended since the last look; every closed segment has
/// an on-disk key index (<see cref="SealedSegment"/>) of which memory holds a Bloom filter and a sparse
/// fence array, so memory does not grow with the number of records.
/// </summary>
/// <remarks>
/// Writers hold the family's lock. A torn last line (an append that died part-way) is never indexed
/// and is cut off by the next append; the commit that wrote it is rolled forward from its intent, which
/// appends its lines again (a repeated line is the same record at the same version).
/// </remarks>
internal sealed partial class RecordSegments
{
    /// <summary>By default a segment is closed for appends once it is at least this long; the next one starts.</summary>
    internal const long DefaultRollBytes = 64L << 20;

    /// <summary>A segment is also closed once it holds this many lines, which bounds the open segment's table.</summary>
    internal const int RollLines = 65_536;

    internal const string Extension = ".jsonl";

    private const int OffsetBits = 40;
    private const long OffsetMask = (1L << OffsetBits) - 1;
    private const uint CollidedMarker = uint.MaxValue;

    // A table slot packs the segment (10 bits) and the line's offset in units of 16 bytes (22 bits):
    // lines are padded with spaces to a multiple of 16 bytes so that every line of a segment up to
    // 64 MiB fits. Lines that do not (written by hand, or past the limits) go to the exact map.
    private const int LineAlignment = 16;
    private const int PackedOffsetBits = 22;
    private const long MaxPackedSegment = (1L << (32 - PackedOffsetBits)) - 1;
    private const int ReadChunk = 64 * 1024;

    private readonly IFileSystem _fileSystem;
    private readonly Lock _sync = new();
    private readonly FingerprintTable _table = new();
    private readonly Dictionary<string, long> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Stream> _readers = [];
    private readonly List<SealedSegment> _sealed = [];
    private readonly long _rollBytes;
    private int _segment = 1;
    private long _consumed;
    private int _lines;
    private long? _noSegmentsAt;

    public RecordSegments(IFileSystem fileSystem, string directory, long rollBytes = DefaultRollBytes)
    {
        _fileSystem = fileSystem;
        Directory = directory;
        _rollBytes = rollBytes;
    }

    /// <summary>The segments' directory.</summary>
    public string Directory { get; }

    /// <summary>The newest line of <paramref name="key"/>: not found, a tombstone (no document), or its record document.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="changeStamp">
    /// The shared intent counter read before this call, or <see langword="null"/>. Segments are only
    /// created by group commits, which count their intent before appending; so when the family had no
    /// segment at the same stamp, it still has none and the file system is not asked again.
    /// </param>
    /// <exception cref="InvalidDataException">The key's newest line is damaged (the message names the file and offset).</exception>
    public SegmentLookup Lookup(string key, long? changeStamp = null)
    {
        lock (_sync)
        {
            try
            {
                if (changeStamp is { } stamp && _segment == 1 && _consumed == 0 && _noSegmentsAt == stamp)
                {
                    return default;
                }

                CatchUp();
                _noSegmentsAt = _segment == 1 && _consumed == 0 && !_readers.ContainsKey(1) ? changeStamp : null;
                var (location, line) = Newest(key);
                return line is null ? default : Read(location, line, key);
            }
            catch (Exception ex) when (!SegmentLine.IsUnreadableLine(ex))
            {
                Reset();
                throw;
            }
        }
    }

    /// <summary>
    /// Appends lines (each a record document or a tombstone ending in a line break) as one write, and
    /// flushes once when <paramref name="flush"/> is set. The caller holds the family's lock.
    /// </summary>
    public void Append(IReadOnlyList<(string Key, byte[] Line)> lines, bool flush)
    {
        if (lines.Count == 0)
        {
            return;
        }

        lock (_sync)
        {
            try
            {
                CatchUp();
                if (_consumed >= _rollBytes || (_lines >= RollLines && _consumed > 0))
                {
                    // Close the segment: its key index goes to disk before the next segment exists, so
                    // whoever sees the next segment finds this one's index.
                    var (closed, entries) = Seal(flush);
                    CompactIfDue(closed, entries, flush);
                }

                AppendLines(lines, flush);
            }
            catch
            {
                Reset();
                throw;
            }
        }
    }

    /// <summary>Appends whole lines at the end of the open segment, cutting off a torn tail first. Caller holds <see cref="_sync"/>.</summary>
    private void AppendLines(IReadOnlyList<(string Key, byte[] Line)> lines, bool flush)
    {
        var path = SegmentPath(_segment);
        using var stream = OpenForAppend(path);
        if (stream.Length < _consumed)
        {
            throw RecordDocument.Corrupt(path);
        }

        if (stream.Length > _consumed)
        {
            // A torn last line from an append that never completed: cut it off first.
            stream.SetLength(_consumed);
        }

        var total = 0;
        foreach (var (_, line) in lines)
        {
            total += Padded(line.Length);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var at = 0;
            foreach (var (_, line) in lines)
            {
                // The document without its line break, spaces up to the padded length, the line break.
                var padded = Padded(line.Length);
                line.AsSpan(0, line.Length - 1).CopyTo(buffer.AsSpan(at));
                buffer.AsSpan(at + line.Length - 1, padded - line.Length).Fill((byte)' ');
                buffer[at + padded - 1] = (byte)'\n';
                at += padded;
            }

            stream.Position = _consumed;
            stream.Write(buffer, 0, total);
            AtomicFile.Flush(stream, flush);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var offset = _consumed;
        foreach (var (key, line) in lines)
        {
            Index(key, Location(_segment, offset));
            offset += Padded(line.Length);
        }

        _consumed = offset;
        _lines += lines.Count;
    }

    private static int Padded(int length) => (length + LineAlignment - 1) / LineAlignment * LineAlignment;

    private static long Location(int segment, long offset) => ((long)segment << OffsetBits) | offset;

    private string SegmentPath(int segment) =>
        _fileSystem.Path.Combine(Directory, segment.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + Extension);

    private string IndexPath(int segment) =>
        _fileSystem.Path.Combine(Directory, segment.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + SealedSegment.Extension);

    /// <summary>
    /// Indexes the whole lines appended since the last look, in this segment and the ones after it; a
    /// segment followed by another is closed, its table replaced by its on-disk index.
    /// </summary>
    private void CatchUp()
    {
        while (true)
        {
            if (Reader(_segment) is not { } reader)
            {
                return;
            }

            var length = reader.Length;
            if (_consumed == 0 && _lines == 0 && Reader(_segment + 1) is not null
                && SealedSegment.TryLoad(_fileSystem, IndexPath(_segment), _segment, length) is { } loaded)
            {
                // A closed segment with its index: nothing of it needs to be read.
                _sealed.Add(loaded);
                _segment++;
                continue;
            }

            if (length > _consumed)
            {
                var segment = _segment;
                _consumed = ForEachLine(reader, _consumed, length, (line, offset) =>
                {
                    _lines++;
                    if (SegmentLine.TryReadKey(line, out var key))
                    {
                        Index(key, Location(segment, offset));
                    }
                });
            }

            // An empty segment is a compacted one (a new one is empty only while its first append runs).
            if ((_consumed < _rollBytes && _lines < RollLines && length > 0) || Reader(_segment + 1) is null)
            {
                return;
            }

            if (SealedSegment.TryLoad(_fileSystem, IndexPath(_segment), _segment, _consumed) is { } closed)
            {
                // The writer that closed the segment wrote its index: the table is no longer needed.
                _sealed.Add(closed);
                ResetOpenSegment();
                continue;
            }

            Seal(flush: false);
        }
    }

    /// <summary>Closes the open segment: writes its key index from the table and starts on the next segment.</summary>
    private (SealedSegment Closed, List<(uint Fingerprint, long Offset)> Entries) Seal(bool flush)
    {
        var entries = new List<(uint Fingerprint, long Offset)>(_table.Count + _exact.Count);
        _table.ForEach((fingerprint, packed) =>
        {
            if (packed != CollidedMarker)
            {
                entries.Add((fingerprint, Unpack(packed) & OffsetMask));
            }
        });

        foreach (var (key, location) in _exact)
        {
            entries.Add((FingerprintTable.Fingerprint(key), location & OffsetMask));
        }

        var closed = SealedSegment.Create(_fileSystem, IndexPath(_segment), _segment, (_consumed, _lines), entries, flush);
        _sealed.Add(closed);
        ResetOpenSegment();
        return (closed, entries);
    }

    /// <summary>Moves on to the next segment, forgetting the closed one's table.</summary>
    private void ResetOpenSegment()
    {
        _table.Clear();
        _exact.Clear();
        _exact.TrimExcess();
        _segment++;
        _consumed = 0;
        _lines = 0;
    }

    /// <summary>
    /// Where the newest line of <paramref name="key"/> is, and the line: the open segment first, then the
    /// closed ones newest first. (-1, null) when no segment holds the key.
    /// </summary>
    private (long Location, byte[]? Line) Newest(string key)
    {
        if (TryLocate(key, out var location) && LineOf(location, key) is { } open)
        {
            return (location, open);
        }

        var fingerprint = FingerprintTable.Fingerprint(key);
        for (var i = _sealed.Count - 1; i >= 0; i--)
        {
            foreach (var offset in _sealed[i].Candidates(fingerprint) ?? [])
            {
                location = Location(_sealed[i].Segment, offset);
                if (LineOf(location, key) is { } line)
                {
                    return (location, line);
                }
            }
        }

        return (-1, null);
    }

    /// <summary>The line at <paramref name="location"/> if it is <paramref name="key"/>'s (another key may share the fingerprint).</summary>
    private byte[]? LineOf(long location, string key)
    {
        var line = ReadLineAt(location, out _);
        return SegmentLine.TryReadKey(line, out var found) && string.Equals(found, key, StringComparison.Ordinal) ? line : null;
    }

    /// <summary>The lookup result for <paramref name="key"/>'s newest line; a damaged line is reported with its file and offset.</summary>
    private SegmentLookup Read(long location, byte[] line, string key)
    {
        var path = SegmentPath((int)(location >> OffsetBits));
        var offset = location & OffsetMask;
        (string Key, bool Deleted, DateTimeOffset? ExpiresAt) head;
        try
        {
            head = SegmentLine.ParseHead(line, path);
        }
        catch (InvalidDataException ex)
        {
            throw SegmentLine.Unreadable(path, offset, ex);
        }

        return string.Equals(head.Key, key, StringComparison.Ordinal) ? new SegmentLookup(true, head.Deleted ? null : line, path, offset) : default;
    }

    /// <summary>Forgets everything read: after a failure the next call scans the segments again.</summary>
    private void Reset()
    {
        foreach (var stream in _readers.Values)
        {
            stream.Dispose();
        }

        foreach (var closed in _sealed)
        {
            closed.Dispose();
        }

        _readers.Clear();
        _sealed.Clear();
        _table.Clear();
        _exact.Clear();
        _segment = 1;
        _consumed = 0;
        _lines = 0;
        _noSegmentsAt = null;
    }
}
