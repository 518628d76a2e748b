using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>
/// Appends sandbox sends to <c>sends.jsonl</c> (one line per accepted send, appended and flushed
/// under an exclusive lock so concurrent writers, also in other processes, never interleave) and
/// skips a message id it has already recorded, appending that repeated call to <c>repeats.jsonl</c>.
/// </summary>
public sealed class SandboxSendRecorder
{
    private readonly string? _path;
    private readonly ConcurrentDictionary<string, byte> _recorded = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SandboxSend> _memory = new();
    private readonly Lock _gate = new();
    private long _loadedLength;

    /// <summary>Creates a recorder writing to <paramref name="path"/>, or only in memory when it is <see langword="null"/>.</summary>
    /// <param name="path">The JSONL file, e.g. <c>.caio/sandbox/sends.jsonl</c>.</param>
    public SandboxSendRecorder(string? path)
    {
        _path = path is null ? null : Path.GetFullPath(path);
    }

    /// <summary>The recording file, when any.</summary>
    public string? FilePath => _path;

    /// <summary>
    /// Where calls for a message id already recorded are appended (<c>repeats.jsonl</c> next to the
    /// recording), when recording to a file.
    /// </summary>
    public string? RepeatsPath => _path is null ? null : Path.Combine(Path.GetDirectoryName(_path)!, "repeats.jsonl");

    /// <summary>Records a send unless its message id is already recorded.</summary>
    /// <param name="send">The send.</param>
    /// <returns><see langword="true"/> when recorded now.</returns>
    public bool Record(SandboxSend send)
    {
        ArgumentNullException.ThrowIfNull(send);
        lock (_gate)
        {
            if (_path is null)
            {
                if (!_recorded.TryAdd(send.MessageId, 0))
                {
                    return false;
                }

                _memory.Enqueue(send);
                return true;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            using var stream = OpenLocked(_path);
            CatchUp(stream);
            if (_recorded.ContainsKey(send.MessageId))
            {
                // A second call for one message: a real provider de-duplicates it by the idempotency key,
                // the rehearsal shows it in repeats.jsonl.
                var repeat = JsonSerializer.SerializeToUtf8Bytes(send, SandboxJsonContext.Default.SandboxSend);
                using var repeats = new FileStream(RepeatsPath!, FileMode.Append, FileAccess.Write, FileShare.None);
                repeats.Write(repeat);
                repeats.WriteByte((byte)'\n');
                repeats.Flush(flushToDisk: true);
                return false;
            }

            var line = JsonSerializer.SerializeToUtf8Bytes(send, SandboxJsonContext.Default.SandboxSend);
            if (stream.Length > 0)
            {
                // Terminate a line torn by a crash so the new record starts on its own line.
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n')
                {
                    stream.WriteByte((byte)'\n');
                }
            }

            stream.Seek(0, SeekOrigin.End);
            stream.Write(line);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
            _loadedLength = stream.Length;
            _recorded.TryAdd(send.MessageId, 0);
            return true;
        }
    }

    /// <summary>Whether a message id is recorded (re-reading the file for sends of other processes).</summary>
    /// <param name="messageId">The id.</param>
    /// <returns><see langword="true"/> when recorded.</returns>
    public bool Contains(string messageId)
    {
        if (_recorded.ContainsKey(messageId) || _path is null || !File.Exists(_path))
        {
            return _recorded.ContainsKey(messageId);
        }

        lock (_gate)
        {
            using var stream = OpenLocked(_path);
            CatchUp(stream);
        }

        return _recorded.ContainsKey(messageId);
    }

    /// <summary>Reads every recorded send.</summary>
    /// <returns>The sends in recording order.</returns>
    public IReadOnlyList<SandboxSend> ReadAll()
    {
        if (_path is null)
        {
            return [.. _memory];
        }

        if (!File.Exists(_path))
        {
            return [];
        }

        var sends = new List<SandboxSend>();
        foreach (var line in File.ReadLines(_path))
        {
            if (line.Length > 0)
            {
                sends.Add(JsonSerializer.Deserialize(line, SandboxJsonContext.Default.SandboxSend)!);
            }
        }

        return sends;
    }

    private static FileStream OpenLocked(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 2000)
            {
                Thread.Sleep(5);
            }
        }
    }

    private void CatchUp(FileStream stream)
    {
        if (stream.Length == _loadedLength)
        {
            return;
        }

        stream.Seek(_loadedLength, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 4096, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                var send = JsonSerializer.Deserialize(line, SandboxJsonContext.Default.SandboxSend);
                if (send is not null)
                {
                    _recorded.TryAdd(send.MessageId, 0);
                }
            }
            catch (JsonException)
            {
                // A line torn by a crash: not a record; the next append starts a new line.
            }
        }

        _loadedLength = stream.Length;
    }
}

/// <summary>Source-generated JSON metadata for sandbox sends.</summary>
[JsonSerializable(typeof(SandboxSend))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
