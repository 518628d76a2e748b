using System.Buffers;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>
/// The on-disk form of a record: <c>{"key":…,"version":…,"expiresAt":…,"value":&lt;raw JSON&gt;}</c>.
/// The value is embedded verbatim so the state directory stays readable.
/// </summary>
internal static class RecordDocument
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    public static byte[] Serialize(string key, ReadOnlySpan<byte> value, long version, DateTimeOffset? expiresAt)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + key.Length + 96);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, key);
            writer.WriteNumber("version"u8, version);
            if (expiresAt is { } at)
            {
                writer.WriteString("expiresAt"u8, at);
            }

            writer.WritePropertyName("value"u8);
            writer.WriteRawValue(value, skipInputValidation: true);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a record document; the returned value is a slice of <paramref name="document"/>.</summary>
    public static StateEntry Deserialize(byte[] document, string path)
    {
        try
        {
            var reader = new Utf8JsonReader(document, StateRules.DocumentReading);
            string? key = null;
            long version = 0;
            DateTimeOffset? expiresAt = null;
            ReadOnlyMemory<byte>? value = null;
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    reader.Read();
                    key = reader.GetString();
                }
                else if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    version = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("expiresAt"u8))
                {
                    reader.Read();
                    expiresAt = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    value = document.AsMemory(start, (int)reader.BytesConsumed - start);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            Expect(reader.TokenType == JsonTokenType.EndObject && key is not null && version > 0 && value is not null);
            return new StateEntry(key!, value!.Value, version, expiresAt);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw Corrupt(path, ex);
        }
    }

    /// <summary>The error for a state file that cannot be parsed (never produced by a crash of this store).</summary>
    public static InvalidDataException Corrupt(string path, Exception? inner = null) =>
        new($"The state file '{path}' is not a valid state document.", inner);

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new FormatException("Unexpected document shape.");
        }
    }
}
