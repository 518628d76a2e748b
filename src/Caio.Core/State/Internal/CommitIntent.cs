using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>
/// The durable intent of a multi-key commit of the file backend: everything the commit will write,
/// with the target version of every record, so that applying it again gives the same state.
/// </summary>
/// <remarks>
/// On disk (<c>intents/&lt;id&gt;.json</c>, one compact document):
/// <c>{"id":…,"locks":["indexes.queue","records.queue"],"puts":[&lt;record document&gt;,…],"deletes":[key,…],"indexes":[{"index":…,"change":&lt;journal line&gt;},…]}</c>.
/// A put is the record document that will be written, verbatim; an index change is the journal line
/// that will be appended. <c>locks</c> (the family locks the commit holds) comes first, so the
/// check for pending intents reads only that.
/// </remarks>
internal sealed class CommitIntent
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public CommitIntent(string id, string[] locks, List<(string Key, byte[] Document)> puts, List<string> deletes, List<(string Index, byte[] Line)> indexChanges)
    {
        Id = id;
        Locks = locks;
        Puts = puts;
        Deletes = deletes;
        IndexChanges = indexChanges;
    }

    public string Id { get; }

    /// <summary>The lock names the commit holds, in canonical (ordinal) order.</summary>
    public string[] Locks { get; }

    /// <summary>Record documents to write (each carries its key and target version).</summary>
    public List<(string Key, byte[] Document)> Puts { get; }

    public List<string> Deletes { get; }

    /// <summary>Journal lines to apply to each index (with or without their line break).</summary>
    public List<(string Index, byte[] Line)> IndexChanges { get; }

    /// <summary>A little more than the length of the serialized intent, so that one buffer holds it.</summary>
    public int EstimatedLength()
    {
        long length = 256 + (Locks.Length * 64);
        foreach (var (key, document) in Puts)
        {
            length += key.Length + document.Length + 8;
        }

        foreach (var key in Deletes)
        {
            length += (key.Length * 6) + 4;
        }

        foreach (var (index, line) in IndexChanges)
        {
            length += (index.Length * 6) + line.Length + 32;
        }

        return (int)Math.Min(length + (length / 8), Array.MaxLength);
    }

    /// <summary>Writes the intent document, with its line break, to <paramref name="buffer"/>.</summary>
    public void SerializeTo(IBufferWriter<byte> buffer)
    {
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, Id);
            writer.WriteStartArray("locks"u8);
            foreach (var name in Locks)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("puts"u8);
            foreach (var (_, document) in Puts)
            {
                writer.WriteRawValue(TrimLineBreak(document), skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("deletes"u8);
            foreach (var key in Deletes)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("indexes"u8);
            foreach (var (index, line) in IndexChanges)
            {
                writer.WriteStartObject();
                writer.WriteString("index"u8, index);
                writer.WritePropertyName("change"u8);
                writer.WriteRawValue(TrimLineBreak(line), skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }

    public static CommitIntent Parse(byte[] bytes, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = StateRules.DocumentReading.MaxDepth });
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString() ?? throw new FormatException("No id.");
            var locks = root.GetProperty("locks").EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("Null lock.")).ToArray();
            List<(string, byte[])> puts = [];
            foreach (var put in root.GetProperty("puts").EnumerateArray())
            {
                var raw = Encoding.UTF8.GetBytes(put.GetRawText());
                puts.Add((RecordDocument.Deserialize(raw, path).Key, raw));
            }

            var deletes = root.GetProperty("deletes").EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("Null key.")).ToList();
            List<(string, byte[])> changes = [];
            foreach (var change in root.GetProperty("indexes").EnumerateArray())
            {
                var index = change.GetProperty("index").GetString() ?? throw new FormatException("Null index.");
                changes.Add((index, Encoding.UTF8.GetBytes(change.GetProperty("change").GetRawText())));
            }

            return new CommitIntent(id, locks, puts, deletes, changes);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw RecordDocument.Corrupt(path, ex);
        }
    }

    /// <summary>Reads only the <c>locks</c> of an intent document (the cheap part of the pending-intent check).</summary>
    public static string[] ParseLocks(byte[] bytes, string path)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, StateRules.DocumentReading);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("locks"u8))
                {
                    reader.Read();
                    List<string> locks = [];
                    while (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        locks.Add(reader.GetString()!);
                    }

                    return [.. locks];
                }
            }

            throw new FormatException("No locks.");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw RecordDocument.Corrupt(path, ex);
        }
    }

    /// <summary>The bytes without a trailing line break.</summary>
    public static ReadOnlySpan<byte> TrimLineBreak(byte[] bytes) =>
        bytes.AsSpan(0, bytes.Length > 0 && bytes[^1] == (byte)'\n' ? bytes.Length - 1 : bytes.Length);
}
