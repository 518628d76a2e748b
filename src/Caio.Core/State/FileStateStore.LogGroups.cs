using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Takes the log's lock once, cuts off a torn last line left by an append that never completed,
    /// writes every line with one write and flushes once. A crash before the flush keeps whole lines
    /// only (a torn last one is cut off by the next append).
    /// </remarks>
    public async ValueTask<long> AppendManyAsync(string log, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        ArgumentNullException.ThrowIfNull(records);
        var size = 0;
        foreach (var record in records)
        {
            StateRules.ValidateLogRecord(record, nameof(records));
            size += record.Length + 1;
        }

        var lines = new byte[size];
        var offset = 0;
        foreach (var record in records)
        {
            record.Span.CopyTo(lines.AsSpan(offset));
            offset += record.Length;
            lines[offset++] = (byte)'\n';
        }

        var escaped = StateKeys.Escape(log);
        using var held = await _locks.AcquireAsync(LogsFolder + "." + escaped, cancellationToken);
        var path = LogPath(escaped);
        if (records.Count == 0 && !_fileSystem.File.Exists(path))
        {
            return 0;
        }

        using var stream = OpenLogCreatingFolder(path);
        var tail = CleanTail(path, stream);
        if (records.Count == 0)
        {
            return tail.Count;
        }

        _logTails.TryRemove(path, out _);
        stream.Position = tail.Length;
        stream.Write(lines);
        AtomicFile.Flush(stream, _flushToDisk);
        var end = new LogTail(tail.Length + lines.Length, tail.Count + records.Count);
        _logTails[path] = end;
        Checkpoints(path).Observe(end.Count, end.Length);
        return tail.Count;
    }

    private Stream OpenLogCreatingFolder(string path)
    {
        try
        {
            return OpenLogForAppend(path);
        }
        catch (DirectoryNotFoundException)
        {
            _fileSystem.Directory.CreateDirectory(_fileSystem.Path.GetDirectoryName(path)!);
            return OpenLogForAppend(path);
        }
    }

    /// <summary>The end of the log's last whole line, counted from the cached tail when it still holds; a torn last line is cut off.</summary>
    private LogTail CleanTail(string path, Stream stream)
    {
        var length = stream.Length;
        var known = _logTails.TryGetValue(path, out var cached) && cached.Length <= length;
        var tail = known && cached.Length == length ? cached : ScanLog(stream, known ? cached : new LogTail(0, 0), length);
        if (tail.Length != length)
        {
            stream.SetLength(tail.Length);
            AtomicFile.Flush(stream, _flushToDisk);
        }

        return tail;
    }
}
