using System.Globalization;
using System.Security.Cryptography;

namespace Caio.Internal;

/// <summary>The one place ids are made: time-ordered prefixes with a random suffix.</summary>
internal static class IdGenerator
{
    /// <summary>A run id <c>run_YYYYMMDD_HHMMSS_xxxxxx</c> (UTC, six lower-case hex digits).</summary>
    public static string NewRunId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"run_{now.UtcDateTime:yyyyMMdd_HHmmss}_{RandomHex(3)}");

    /// <summary>A sortable id <c>{prefix}_{yyyyMMddHHmmssfff}_{10 hex digits}</c>, formatted without culture or format parsing.</summary>
    public static string NewId(string prefix, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var random = (ulong)Random.Shared.NextInt64() & 0xFF_FFFF_FFFFUL;
        return string.Create(prefix.Length + 29, (prefix, utc, random), static (span, state) =>
        {
            var (prefix, utc, random) = state;
            prefix.AsSpan().CopyTo(span);
            var p = prefix.Length;
            span[p++] = '_';
            Digits(span, ref p, utc.Year, 4);
            Digits(span, ref p, utc.Month, 2);
            Digits(span, ref p, utc.Day, 2);
            Digits(span, ref p, utc.Hour, 2);
            Digits(span, ref p, utc.Minute, 2);
            Digits(span, ref p, utc.Second, 2);
            Digits(span, ref p, utc.Millisecond, 3);
            span[p++] = '_';
            for (var shift = 36; shift >= 0; shift -= 4)
            {
                span[p++] = "0123456789abcdef"[(int)((random >> shift) & 0xF)];
            }
        });
    }

    private static void Digits(Span<char> span, ref int position, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            span[position + i] = (char)('0' + (value % 10));
            value /= 10;
        }

        position += width;
    }

    private static string RandomHex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
