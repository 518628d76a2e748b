using System.Security.Cryptography;
using System.Text;

namespace Caio.Safety.Internal;

/// <summary>Builds state-store key segments from free text.</summary>
internal static class StateKeys
{
    /// <summary>
    /// Returns <paramref name="value"/> when it only holds key characters (<c>[A-Za-z0-9:_.@+-]</c>),
    /// otherwise a stable hash-based segment (<c>h.&lt;hex&gt;</c>).
    /// </summary>
    public static string Segment(string value)
    {
        foreach (var c in value)
        {
            if (!IsKeyChar(c))
            {
                return Hashed(value);
            }
        }

        return value.Length == 0 ? "_" : value;
    }

    private static bool IsKeyChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '.' or '@' or '+' or '-';

    private static string Hashed(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return "h." + Convert.ToHexStringLower(hash[..16]);
    }
}
