using System.Buffers;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>The operation one journal line records.</summary>
internal enum IndexJournalOp
{
    /// <summary>Adds a member or changes its score.</summary>
    Add,

    /// <summary>Removes a member.</summary>
    Remove,
}

/// <summary>
/// The lines of a sorted index's journal (<c>&lt;index&gt;.jsonl</c>). The first line is the header
/// <c>{"gen":N,"index":"…"}</c>; every later line is <c>{"op":"add","m":"…","s":…}</c> or
/// <c>{"op":"del","m":"…"}</c>, terminated by <c>\n</c>. Infinite scores are written as the strings
/// <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal static class IndexJournalFormat
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <summary>The header line (with its line break) of a journal of <paramref name="generation"/>.</summary>
    public static byte[] Header(string index, long generation)
    {
        var buffer = new ArrayBufferWriter<byte>(index.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("gen"u8, generation);
            writer.WriteString("index"u8, index);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The line (with its line break) that adds or re-scores <paramref name="member"/>.</summary>
    public static byte[] AddLine(string member, double score)
    {
        var buffer = new ArrayBufferWriter<byte>(member.Length + 40);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, "add"u8);
            writer.WriteString("m"u8, member);
            if (double.IsFinite(score))
            {
                writer.WriteNumber("s"u8, score);
            }
            else
            {
                writer.WriteString("s"u8, double.IsPositiveInfinity(score) ? "Infinity"u8 : "-Infinity"u8);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The line (with its line break) that removes <paramref name="member"/>.</summary>
    public static byte[] RemoveLine(string member)
    {
        var buffer = new ArrayBufferWriter<byte>(member.Length + 24);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, "del"u8);
            writer.WriteString("m"u8, member);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a header line (without its line break): the generation and the index name.</summary>
    /// <exception cref="FormatException">The line is not a journal header.</exception>
    public static (long Generation, string Index) ParseHeader(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        long? generation = null;
        string? index = null;
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("gen"u8))
            {
                reader.Read();
                generation = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        Expect(reader.TokenType == JsonTokenType.EndObject && generation >= 0 && index is not null);
        return (generation!.Value, index!);
    }

    /// <summary>Parses an operation line (without its line break).</summary>
    /// <exception cref="FormatException">The line is not a journal operation.</exception>
    public static (IndexJournalOp Op, string Member, double Score) ParseLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        IndexJournalOp? op = null;
        string? member = null;
        double? score = null;
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("op"u8))
            {
                reader.Read();
                op = reader.ValueTextEquals("add"u8) ? IndexJournalOp.Add
                    : reader.ValueTextEquals("del"u8) ? IndexJournalOp.Remove
                    : throw new FormatException("Unknown journal operation.");
            }
            else if (reader.ValueTextEquals("m"u8))
            {
                reader.Read();
                member = reader.GetString();
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                score = ReadScore(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        Expect(reader.TokenType == JsonTokenType.EndObject && op is not null && member is not null);
        Expect(op == IndexJournalOp.Remove || score is not null);
        return (op!.Value, member!, score ?? 0);
    }

    private static double ReadScore(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals("Infinity"u8) ? double.PositiveInfinity
                : reader.ValueTextEquals("-Infinity"u8) ? double.NegativeInfinity
                : throw new FormatException("Unknown score literal.");
        }

        var score = reader.GetDouble();
        Expect(!double.IsNaN(score));
        return score;
    }

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new FormatException("Unexpected journal line shape.");
        }
    }
}
