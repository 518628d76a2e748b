using System.Buffers;
using System.IO.Abstractions;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>
/// The record segments of one family: append-only JSON Lines files
/// (<c>records/&lt;family&gt;/segments/&lt;n&gt;.jsonl</c>) that hold the records written by group commits,
/// one record document (or tombstone) per line, padded with spaces to a multiple of 16 bytes, newest
/// last. A flat fingerprint table (8 bytes per slot) maps each key to the offset of its newest line; it is rebuilt by scanning the segments and kept current by reading
/// only what was appended since the last look.
/// </summary>
/// <remarks>
/// Writers hold the family's lock. A torn last line (an append that died part-way) is never indexed
/// and is cut off by the next append; the commit that wrote it is rolled forward from its intent, which
/// appends its lines again (a repeated line is the same record at the same version).
/// </remarks>
internal sealed class RecordSegments
{
    /// <summary>By default a segment is closed for appends once it is at least this long; the next one starts.</summary>
    internal const long DefaultRollBytes = 64L << 20;

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
    private int _segment = 1;
    private long _consumed;
    private long? _noSegmentsAt;

    private readonly long _rollBytes;

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
                if (!TryLocate(key, out var location))
                {
                    return default;
                }

                var line = ReadLineAt(location, out var path);
                var head = SegmentLine.ParseHead(line, path);
                if (!string.Equals(head.Key, key, StringComparison.Ordinal))
                {
                    // Another key with the same fingerprint: had this key ever been indexed, both would be
                    // in the exact map.
                    return default;
                }

                return new SegmentLookup(true, head.Deleted ? null : line, path);
            }
            catch
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
                if (_consumed >= _rollBytes)
                {
                    _segment++;
                    _consumed = 0;
                }

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
            }
            catch
            {
                Reset();
                throw;
            }
        }
    }

    /// <summary>
    /// Every key in the segments starting with <paramref name="prefix"/>, with whether its newest line is
    /// live at <paramref name="now"/> (a record that has not expired) — by scanning every segment.
    /// </summary>
    public Dictionary<string, bool> CollectKeys(string prefix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var segment = 1; ; segment++)
        {
            var path = SegmentPath(segment);
            Stream stream;
            try
            {
                stream = _fileSystem.FileStream.Create(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                AtomicFile.ThrowUnlessAbsent(_fileSystem, path, (IOException)ex);
                return keys;
            }

            using (stream)
            {
                ForEachLine(stream, 0, stream.Length, (line, _) =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var head = SegmentLine.ParseHead(line, path);
                    if (head.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        keys[head.Key] = !head.Deleted && StateRules.IsLive(head.ExpiresAt, now);
                    }
                });
            }
        }
    }

    private static int Padded(int length) => (length + LineAlignment - 1) / LineAlignment * LineAlignment;

    private static long Location(int segment, long offset) => ((long)segment << OffsetBits) | offset;

    private string SegmentPath(int segment) =>
        _fileSystem.Path.Combine(Directory, segment.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + Extension);

    /// <summary>Indexes the whole lines appended since the last look, in this segment and the ones after it.</summary>
    private void CatchUp()
    {
        while (true)
        {
            if (Reader(_segment) is not { } reader)
            {
                return;
            }

            var length = reader.Length;
            if (length > _consumed)
            {
                var segment = _segment;
                _consumed = ForEachLine(reader, _consumed, length, (line, offset) =>
                    Index(SegmentLine.ParseHead(line, SegmentPath(segment)).Key, Location(segment, offset)));
            }

            if (_consumed < _rollBytes || Reader(_segment + 1) is null)
            {
                return;
            }

            _segment++;
            _consumed = 0;
        }
    }

    private static bool TryPack(long location, out uint packed)
    {
        var segment = location >> OffsetBits;
        var offset = location & OffsetMask;
        packed = (uint)((segment << PackedOffsetBits) | (offset / LineAlignment));
        return offset % LineAlignment == 0 && offset / LineAlignment < 1L << PackedOffsetBits && segment < MaxPackedSegment;
    }

    private static long Unpack(uint packed) =>
        Location((int)(packed >> PackedOffsetBits), (packed & ((1u << PackedOffsetBits) - 1)) * (long)LineAlignment);

    /// <summary>Where the newest line of <paramref name="key"/> may be; the caller checks the key found there.</summary>
    private bool TryLocate(string key, out long location)
    {
        if (_exact.Count > 0 && _exact.TryGetValue(key, out location))
        {
            return true;
        }

        location = 0;
        if (!_table.TryGet(FingerprintTable.Fingerprint(key), out var packed) || packed == CollidedMarker)
        {
            return false;
        }

        location = Unpack(packed);
        return true;
    }

    /// <summary>
    /// Records the newest line of a key: in the fingerprint table, or — for keys whose fingerprint another
    /// key shares, or whose line cannot be packed — in the exact map, which takes precedence.
    /// </summary>
    private void Index(string key, long location)
    {
        if (_exact.Count > 0 && _exact.ContainsKey(key))
        {
            _exact[key] = location;
            return;
        }

        if (!TryPack(location, out var packed))
        {
            _exact[key] = location;
            return;
        }

        var fingerprint = FingerprintTable.Fingerprint(key);
        if (!_table.TryGet(fingerprint, out var existing))
        {
            _table.Set(fingerprint, packed);
            return;
        }

        if (existing == CollidedMarker)
        {
            _exact[key] = location;
            return;
        }

        var other = SegmentLine.ParseHead(ReadLineAt(Unpack(existing), out var path), path).Key;
        if (string.Equals(other, key, StringComparison.Ordinal))
        {
            _table.Set(fingerprint, packed);
            return;
        }

        // Two keys share a fingerprint: both are looked up by their full key from now on.
        _exact.TryAdd(other, Unpack(existing));
        _exact[key] = location;
        _table.Set(fingerprint, CollidedMarker);
    }

    private byte[] ReadLineAt(long location, out string path)
    {
        var segment = (int)(location >> OffsetBits);
        var offset = location & OffsetMask;
        path = SegmentPath(segment);
        var stream = Reader(segment) ?? throw RecordDocument.Corrupt(path);
        var buffer = new byte[4096];
        var count = 0;
        while (true)
        {
            stream.Position = offset + count;
            var read = stream.Read(buffer, count, buffer.Length - count);
            if (read == 0)
            {
                throw RecordDocument.Corrupt(path);
            }

            var newline = buffer.AsSpan(count, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return buffer.AsSpan(0, count + newline).ToArray();
            }

            count += read;
            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }

    /// <summary>Calls <paramref name="onLine"/> for every whole line in [from, to); returns the end of the last one.</summary>
    private static long ForEachLine(Stream stream, long from, long to, Action<ReadOnlySpan<byte>, long> onLine)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk);
        try
        {
            long bufferOffset = from;
            int start = 0, end = 0;
            while (bufferOffset + end < to)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    bufferOffset += start;
                    start = 0;
                }
                else if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                stream.Position = bufferOffset + end;
                var read = stream.Read(buffer, end, (int)Math.Min(buffer.Length - end, to - bufferOffset - end));
                if (read == 0)
                {
                    break;
                }

                end += read;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                {
                    onLine(buffer.AsSpan(start, newline - start), bufferOffset + start);
                    start = newline + 1;
                }
            }

            return bufferOffset + start;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Stream? Reader(int segment)
    {
        if (_readers.TryGetValue(segment, out var stream))
        {
            return stream;
        }

        var path = SegmentPath(segment);
        try
        {
            stream = _fileSystem.FileStream.Create(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            AtomicFile.ThrowUnlessAbsent(_fileSystem, path, (IOException)ex);
            return null;
        }

        _readers[segment] = stream;
        return stream;
    }

    private Stream OpenForAppend(string path)
    {
        try
        {
            return _fileSystem.FileStream.Create(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (DirectoryNotFoundException)
        {
            _fileSystem.Directory.CreateDirectory(Directory);
            return _fileSystem.FileStream.Create(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
    }

    /// <summary>Forgets everything read: after a failure the next call scans the segments again.</summary>
    private void Reset()
    {
        foreach (var stream in _readers.Values)
        {
            stream.Dispose();
        }

        _readers.Clear();
        _table.Clear();
        _exact.Clear();
        _segment = 1;
        _consumed = 0;
        _noSegmentsAt = null;
    }
}
