using System.Runtime.CompilerServices;
using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
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
        if (AtomicFile.TryOpenRead(_fileSystem, path, FileOptions.SequentialScan) is not { } stream)
        {
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

    private string LogPath(string escapedName) =>
        _fileSystem.Path.Combine(RootDirectory, LogsFolder, escapedName + LogExtension);

    private readonly record struct LogTail(long Length, long Count);
}
