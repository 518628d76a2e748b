using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Caio.AspNetCore.Webhooks;

/// <summary>
/// Standard Webhooks signatures (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>):
/// <c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>, space-separated for key rotation, a
/// timestamp within the tolerance of the injected clock. Any configured key may match.
/// </summary>
internal static class StandardWebhookVerifier
{
    public static bool TryDecodeSecret(string secret, out byte[] key)
    {
        var text = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        key = new byte[text.Length];
        if (Convert.TryFromBase64String(text, key, out var written) && written > 0)
        {
            key = key[..written];
            return true;
        }

        key = [];
        return false;
    }

    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Verifies the headers; <paramref name="failure"/> names what is wrong.</summary>
    public static bool Verify(IReadOnlyList<byte[]> keys, string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance, out string? failure)
    {
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signatures))
        {
            failure = "webhook-id, webhook-timestamp and webhook-signature are all required";
            return false;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            failure = "webhook-timestamp is not a Unix time in seconds";
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            failure = "webhook-timestamp is outside the tolerance (replayed or clock skew)";
            return false;
        }

        foreach (var key in keys)
        {
            var expected = Encoding.ASCII.GetBytes(Sign(key, id, seconds, body));
            foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate.StartsWith("v1,", StringComparison.Ordinal)
                    && CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate)))
                {
                    failure = null;
                    return true;
                }
            }
        }

        failure = "no webhook-signature matches";
        return false;
    }
}
