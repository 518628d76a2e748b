using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Caio.Providers.Internal;

/// <summary>Tolerant reading of webhook JSON: several spellings per field, scalars of any JSON type, no exceptions escaping.</summary>
internal static class WebhookJson
{
    /// <summary>Largest payload a parser reads.</summary>
    public const int MaxPayloadBytes = 1 << 20;

    // The range a DateTimeOffset holds (years 1 to 9999): the earliest unix seconds, the latest unix milliseconds.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    public static bool TryParseObject(ReadOnlySpan<byte> payload, out JsonDocument? document, out string? error)
    {
        document = null;
        error = null;
        if (payload.IsEmpty)
        {
            error = "the payload is empty";
            return false;
        }

        if (payload.Length > MaxPayloadBytes)
        {
            error = "the payload is larger than 1 MiB";
            return false;
        }

        try
        {
            var parsed = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                parsed.Dispose();
                error = "the payload is not a JSON object";
                return false;
            }

            document = parsed;
            return true;
        }
        catch (JsonException ex)
        {
            error = "the payload is not valid JSON: " + ex.Message.Split(" Path:", 2)[0];
            return false;
        }
    }

    /// <summary>The first of several names present as a scalar, as text.</summary>
    public static string? Text(JsonElement element, params ReadOnlySpan<string> names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value))
            {
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text.Trim();
                }
            }
        }

        return null;
    }

    public static JsonElement? Object(JsonElement element, params ReadOnlySpan<string> names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
            {
                return value;
            }
        }

        return null;
    }

    public static int? Int(JsonElement element, params ReadOnlySpan<string> names) =>
        Text(element, names) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>An ISO 8601 date, or unix seconds / milliseconds; <see langword="null"/> when absent, unreadable or out of range.</summary>
    public static DateTimeOffset? Time(JsonElement element, params ReadOnlySpan<string> names)
    {
        if (Text(element, names) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix))
        {
            // Above 1e11 (beyond the year 5000 in seconds) the number is milliseconds.
            return unix > 100_000_000_000
                ? unix <= MaxUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(unix) : null
                : unix >= MinUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(unix) : null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 1e11)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    /// <summary>A plausible email address (one '@', a dot in the domain, no spaces), lower-cased; otherwise null.</summary>
    public static string? Email(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == trimmed.LastIndexOf('@') && trimmed.IndexOf('.', at) > at + 1 && !trimmed.Any(char.IsWhiteSpace) && !trimmed.EndsWith('.')
            ? trimmed.ToLowerInvariant()
            : null;
    }

    /// <summary>A LinkedIn profile URL normalized to <c>https://www.linkedin.com/in/{handle}/</c>; otherwise null.</summary>
    public static string? LinkedInProfile(string? text) => Caio.Engagement.LinkedInRecipients.Normalize(text);

    /// <summary>A stable id from the parts that identify an event (for providers without an event id).</summary>
    public static string HashId(string provider, params ReadOnlySpan<string?> parts)
    {
        var builder = new StringBuilder(provider);
        foreach (var part in parts)
        {
            builder.Append('\n').Append(part);
        }

        return provider + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())).AsSpan(0, 16));
    }
}
