using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Caio.State;

/// <summary>Makes arbitrary text (an email address, a provider id) safe to embed in a state key.</summary>
public static class StateKeySegment
{
    private static readonly SearchValues<char> Safe =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_.@+-");

    /// <summary>
    /// Returns <paramref name="value"/> unchanged when it only uses key characters
    /// (<c>[A-Za-z0-9:_.@+-]</c>, which covers canonical ASCII and punycode addresses), otherwise
    /// <c>h.</c> followed by 32 hex digits of its SHA-256. Distinct values stay distinct.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <returns>A key segment.</returns>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.Length <= 200 && !value.StartsWith("h.", StringComparison.Ordinal) && value.AsSpan().IndexOfAnyExcept(Safe) < 0)
        {
            return value;
        }

        return "h." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
    }
}
