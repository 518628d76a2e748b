using System.Buffers;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>The result of looking a key up in a family's segments.</summary>
/// <param name="Found">Whether the segments hold a line for the key.</param>
/// <param name="Document">The record document, or <see langword="null"/> for a tombstone (or when not found).</param>
/// <param name="Path">The segment holding the line.</param>
/// <param name="Offset">The line's byte offset in the segment.</param>
internal readonly record struct SegmentLookup(bool Found, byte[]? Document, string? Path, long Offset = 0);

/// <summary>Segment lines: record documents (see <see cref="RecordDocument"/>) and tombstones <c>{"key":…,"deleted":true}</c>.</summary>
internal static class SegmentLine
{
    public static byte[] Tombstone(string key)
    {
        var buffer = new ArrayBufferWriter<byte>(key.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, key);
            writer.WriteBoolean("deleted"u8, true);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The key of a line, read leniently: a line whose <c>key</c> comes first (as this store writes them)
    /// gives its key even when what follows is damaged. <see langword="false"/> when no key can be read.
    /// </summary>
    public static bool TryReadKey(ReadOnlySpan<byte> line, out string key)
    {
        key = string.Empty;
        try
        {
            var reader = new Utf8JsonReader(line, StateRules.DocumentReading);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    if (reader.Read() && reader.TokenType == JsonTokenType.String && reader.GetString() is { } found)
                    {
                        key = found;
                        return true;
                    }

                    return false;
                }

                reader.Read();
                reader.Skip();
            }

            return false;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The error for a segment line that cannot be read (damaged by hand or by the storage device, never by a crash of this store).</summary>
    public static InvalidDataException Unreadable(string path, long offset, Exception? inner = null)
    {
        var error = new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The state file '{path}' has an unreadable record line at offset {offset}; the other records of the file stay readable."), inner);
        error.Data[UnreadableLineMark] = true;
        return error;
    }

    /// <summary>Whether <paramref name="exception"/> is about one damaged line (rather than the segments as a whole).</summary>
    public static bool IsUnreadableLine(Exception exception) => exception.Data.Contains(UnreadableLineMark);

    private const string UnreadableLineMark = "Caio.State.UnreadableSegmentLine";

    /// <summary>The key of a line, whether it is a tombstone, and the record's expiry.</summary>
    public static (string Key, bool Deleted, DateTimeOffset? ExpiresAt) ParseHead(ReadOnlySpan<byte> line, string path)
    {
        try
        {
            var reader = new Utf8JsonReader(line, StateRules.DocumentReading);
            string? key = null;
            var deleted = false;
            DateTimeOffset? expiresAt = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw RecordDocument.Corrupt(path);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    reader.Read();
                    key = reader.GetString();
                }
                else if (reader.ValueTextEquals("deleted"u8))
                {
                    reader.Read();
                    deleted = reader.GetBoolean();
                }
                else if (reader.ValueTextEquals("expiresAt"u8))
                {
                    reader.Read();
                    expiresAt = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    // The value comes last; nothing after it is needed here.
                    break;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return (key ?? throw RecordDocument.Corrupt(path), deleted, expiresAt);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw RecordDocument.Corrupt(path, ex);
        }
    }
}
