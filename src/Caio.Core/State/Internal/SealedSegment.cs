using System.Buffers;
using System.Buffers.Binary;
using System.IO.Abstractions;

namespace Caio.State.Internal;

/// <summary>
/// A closed record segment's key index: a sidecar file <c>&lt;n&gt;.idx</c> next to <c>&lt;n&gt;.jsonl</c>
/// holding, sorted, one entry per key (32-bit key fingerprint, byte offset of the key's newest line in
/// the segment). In memory only a Bloom filter of the fingerprints (10 bits per key) and every 256th
/// fingerprint are kept; a lookup that passes the filter reads one 3 KiB block of the sidecar.
/// </summary>
/// <remarks>
/// A closed segment never changes, so its sidecar never does either: it is written once (temporary file,
/// flush, rename) by whoever closes the segment or first finds it closed without one, and checked on
/// load (header, length, order, checksum); an invalid sidecar is rebuilt from the segment.
/// </remarks>
internal sealed class SealedSegment : IDisposable
{
    internal const string Extension = ".idx";

    private const ulong Magic = 0x3158495349414143; // "CAIASIX1" little-endian
    private const int HeaderBytes = 40; // magic, covered length, count, lines, checksum
    private const int EntryBytes = 12; // fingerprint (4), offset (8)
    private const int FenceStride = 256;

    private readonly IFileSystem _fileSystem;
    private readonly string _path;
    private readonly SegmentFilter _filter;
    private readonly uint[] _fences;
    private readonly (uint Fingerprint, long Offset)[]? _inMemory;
    private Stream? _stream;

    private SealedSegment(IFileSystem fileSystem, string path, int segment, (long Covered, int Count, int Lines) size, SegmentFilter filter, uint[] fences, (uint, long)[]? inMemory)
    {
        _fileSystem = fileSystem;
        _path = path;
        Segment = segment;
        (Covered, Count, Lines) = size;
        _filter = filter;
        _fences = fences;
        _inMemory = inMemory;
    }

    /// <summary>The segment's number.</summary>
    public int Segment { get; }

    /// <summary>The number of keys the segment holds a newest line for.</summary>
    public int Count { get; }

    /// <summary>The length of the segment's whole lines.</summary>
    public long Covered { get; }

    /// <summary>The number of lines in the segment (every version and tombstone).</summary>
    public int Lines { get; }

    /// <summary>
    /// An estimate (from later segments' fingerprints passing this one's filter) of how many of this
    /// segment's keys later segments have superseded; kept by the writer that closes segments.
    /// </summary>
    public int Superseded { get; set; }

    /// <summary>The share of this segment's lines that are superseded versions.</summary>
    public double DeadShare => Lines == 0 ? 0 : Math.Min(1, (Lines - Count + (double)Superseded) / Lines);

    /// <summary>Whether another segment's key with <paramref name="fingerprint"/> may be in this one (no I/O).</summary>
    public bool MayContain(uint fingerprint) => Count > 0 && _filter.MayContain(fingerprint);

    /// <summary>
    /// Writes the sidecar of <paramref name="segment"/> from its entries and returns the index. When the
    /// sidecar cannot be written (a read-only state directory), the entries are kept in memory instead.
    /// </summary>
    public static SealedSegment Create(IFileSystem fileSystem, string path, int segment, (long Covered, int Lines) size, List<(uint Fingerprint, long Offset)> entries, bool flush)
    {
        entries.Sort();
        var bytes = new byte[HeaderBytes + (entries.Count * EntryBytes)];
        var checksum = 0UL;
        for (var i = 0; i < entries.Count; i++)
        {
            var at = HeaderBytes + (i * EntryBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), entries[i].Fingerprint);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at + 4), entries[i].Offset);
            checksum = Mix(checksum, entries[i].Fingerprint, entries[i].Offset);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), size.Covered);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), entries.Count);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), size.Lines);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(32), checksum);
        var (filter, fences) = Summarize(entries.Count, i => entries[i].Fingerprint);
        try
        {
            AtomicFile.Write(fileSystem, path, bytes, flush);
            return new SealedSegment(fileSystem, path, segment, (size.Covered, entries.Count, size.Lines), filter, fences, null).Opened();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SealedSegment(fileSystem, path, segment, (size.Covered, entries.Count, size.Lines), filter, fences, [.. entries]);
        }
    }

    /// <summary>Loads the sidecar of a closed segment whose whole lines end at <paramref name="segmentLength"/> or before; <see langword="null"/> when it is missing or invalid.</summary>
    public static SealedSegment? TryLoad(IFileSystem fileSystem, string path, int segment, long segmentLength)
    {
        Stream stream;
        try
        {
            stream = fileSystem.FileStream.Create(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // The summary and the open file must be the same version of the sidecar, so both come from this handle.
        var loaded = Load(fileSystem, path, segment, segmentLength, stream);
        if (loaded is null)
        {
            stream.Dispose();
        }

        return loaded;
    }

    private static SealedSegment? Load(IFileSystem fileSystem, string path, int segment, long segmentLength, Stream stream)
    {
        var length = stream.Length;
        if (length < HeaderBytes || length > int.MaxValue)
        {
            return null;
        }

        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes) != Magic)
        {
            return null;
        }

        var covered = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        var count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        var lines = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24));
        if (covered > segmentLength || count < 0 || lines < count || lines > int.MaxValue || bytes.Length != HeaderBytes + (count * EntryBytes))
        {
            return null;
        }

        var checksum = 0UL;
        var previous = 0u;
        for (var i = 0; i < count; i++)
        {
            var (fingerprint, offset) = EntryAt(bytes, (int)i);
            if (offset < 0 || offset >= covered || fingerprint < previous)
            {
                return null;
            }

            previous = fingerprint;
            checksum = Mix(checksum, fingerprint, offset);
        }

        if (checksum != BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(32)))
        {
            return null;
        }

        var (filter, fences) = Summarize((int)count, i => EntryAt(bytes, i).Fingerprint);
        return new SealedSegment(fileSystem, path, segment, (covered, (int)count, (int)lines), filter, fences, null) { _stream = stream };
    }

    /// <summary>The offsets of the lines that may hold the key of <paramref name="fingerprint"/>, newest first.</summary>
    public List<long>? Candidates(uint fingerprint)
    {
        if (Count == 0 || !_filter.MayContain(fingerprint))
        {
            return null;
        }

        // Entries before block `first` have smaller fingerprints, entries from block `last` on larger ones.
        var first = Math.Max(0, Bound(fingerprint, inclusive: false) - 1);
        var last = Bound(fingerprint, inclusive: true);
        var from = first * FenceStride;
        var to = Math.Min(last * FenceStride, Count);
        List<long>? found = null;
        if (_inMemory is { } entries)
        {
            for (var i = from; i < to; i++)
            {
                if (entries[i].Fingerprint == fingerprint)
                {
                    (found ??= []).Add(entries[i].Offset);
                }
            }
        }
        else
        {
            var length = (to - from) * EntryBytes;
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var stream = _stream ?? throw new InvalidDataException($"The index file '{_path}' is not open.");
                stream.Position = HeaderBytes + ((long)from * EntryBytes);
                stream.ReadExactly(buffer, 0, length);
                for (var i = 0; i < to - from; i++)
                {
                    var (entryFingerprint, offset) = EntryAt(buffer, i, 0);
                    if (entryFingerprint == fingerprint)
                    {
                        (found ??= []).Add(offset);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        found?.Sort((a, b) => b.CompareTo(a));
        return found;
    }

    public void Dispose() => _stream?.Dispose();

    private SealedSegment Opened()
    {
        if (Count > 0)
        {
            _stream = _fileSystem.FileStream.Create(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.RandomAccess);
        }

        return this;
    }

    /// <summary>The first fence above <paramref name="fingerprint"/> (or at or above it, when not <paramref name="inclusive"/>).</summary>
    private int Bound(uint fingerprint, bool inclusive)
    {
        int lo = 0, hi = _fences.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_fences[mid] < fingerprint || (inclusive && _fences[mid] == fingerprint))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static (SegmentFilter Filter, uint[] Fences) Summarize(int count, Func<int, uint> fingerprintAt)
    {
        var filter = new SegmentFilter(count);
        var fences = new uint[(count + FenceStride - 1) / FenceStride];
        for (var i = 0; i < count; i++)
        {
            var fingerprint = fingerprintAt(i);
            filter.Add(fingerprint);
            if (i % FenceStride == 0)
            {
                fences[i / FenceStride] = fingerprint;
            }
        }

        return (filter, fences);
    }

    private static (uint Fingerprint, long Offset) EntryAt(byte[] bytes, int index, int headerBytes = HeaderBytes)
    {
        var at = headerBytes + (index * EntryBytes);
        return (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at + 4)));
    }

    private static ulong Mix(ulong checksum, uint fingerprint, long offset) =>
        ((checksum ^ fingerprint) * 0x100000001B3UL) + (ulong)offset;
}
