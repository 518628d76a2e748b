using System.Buffers;
using System.IO.Abstractions;

namespace Caio.State.Internal;

internal sealed partial class RecordSegments
{
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
            if (AtomicFile.TryOpenRead(_fileSystem, path, FileOptions.SequentialScan) is not { } stream)
            {
                return keys;
            }

            using (stream)
            {
                ForEachLine(stream, 0, stream.Length, (line, offset) =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!SegmentLine.TryReadKey(line, out var key) || !key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        // A line without a readable key belongs to no record; one with a key but damaged
                        // after it is listed, so that reading it reports the record as unreadable.
                        return;
                    }

                    try
                    {
                        var head = SegmentLine.ParseHead(line, path);
                        keys[key] = !head.Deleted && StateRules.IsLive(head.ExpiresAt, now);
                    }
                    catch (InvalidDataException)
                    {
                        keys[key] = true;
                    }
                });
            }
        }
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
        stream = AtomicFile.TryOpenRead(_fileSystem, path, FileOptions.None);
        if (stream is null)
        {
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
}
