using System.Globalization;
using System.Security.Cryptography;

namespace Caio.Internal;

/// <summary>The one place ids are made: time-ordered prefixes with a random suffix.</summary>
internal static class IdGenerator
{
    /// <summary>A run id <c>run_YYYYMMDD_HHMMSS_xxxxxx</c> (UTC, six lower-case hex digits).</summary>
    public static string NewRunId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"run_{now.UtcDateTime:yyyyMMdd_HHmmss}_{RandomHex(3)}");

    /// <summary>A sortable id <c>{prefix}_{yyyyMMddHHmmssfff}_{random}</c>.</summary>
    public static string NewId(string prefix, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{now.UtcDateTime:yyyyMMddHHmmssfff}_{RandomHex(5)}");

    private static string RandomHex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
