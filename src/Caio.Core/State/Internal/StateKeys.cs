using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Caio.State.Internal;

/// <summary>Key validation, families and the reversible key-to-file-name escaping of the file backend.</summary>
internal static class StateKeys
{
    /// <summary>Escaped names longer than this are shortened and made unique with a hash.</summary>
    internal const int MaxEscapedLength = 160;

    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_.@+-");

    // Characters kept as they are in file names. Upper-case letters are escaped so that names stay
    // distinct on case-insensitive file systems; '%' is the escape character; '~' marks hashed names.
    private static readonly SearchValues<char> FileNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_.@+-");

    private static readonly string[] ReservedDeviceNames =
    [
        "con", "prn", "aux", "nul",
        "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];

    /// <summary>Throws when <paramref name="key"/> is not a valid state key.</summary>
    public static void Validate(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length == 0)
        {
            throw new ArgumentException("A state key must not be empty.", paramName);
        }

        ValidateChars(key, paramName);
    }

    /// <summary>Whether <paramref name="key"/> is a valid state key (the test <see cref="Validate"/> makes, without throwing).</summary>
    public static bool IsValid(string? key) => !string.IsNullOrEmpty(key) && !key.AsSpan().ContainsAnyExcept(KeyChars);

    /// <summary>Throws when <paramref name="prefix"/> contains characters a key cannot hold (empty is allowed).</summary>
    public static void ValidatePrefix(string prefix, string paramName)
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        ValidateChars(prefix, paramName);
    }

    private static void ValidateChars(string key, string paramName)
    {
        var bad = key.AsSpan().IndexOfAnyExcept(KeyChars);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"State keys are made of [A-Za-z0-9:_.@+-]; found '{key[bad]}' at index {bad}.", paramName);
        }
    }

    /// <summary>The family of a key: its first segment (the whole key when it has no ':').</summary>
    public static string Family(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? key : key[..colon];
    }

    /// <summary>
    /// Escapes <paramref name="name"/> to a file-name stem that is safe on every common file system
    /// and distinct from every other escaped name even when compared case-insensitively.
    /// </summary>
    /// <remarks>
    /// Kept: <c>[a-z0-9_.@+-]</c>. Everything else becomes <c>%XX</c> per UTF-8 byte (upper-case hex).
    /// A stem that is a reserved device name on Windows has its first character escaped. Stems longer
    /// than <see cref="MaxEscapedLength"/> become <c>&lt;head&gt;~&lt;hash&gt;</c> and are not reversible;
    /// documents always carry their own key, so readers never depend on reversing a name.
    /// </remarks>
    public static string Escape(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (FileNameChars.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(name.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                count = Encoding.UTF8.GetBytes(name.AsSpan(i, 1), utf8);
            }

            for (var b = 0; b < count; b++)
            {
                AppendHex(builder, utf8[b]);
            }
        }

        if (builder.Length > 0 && IsReservedDeviceName(builder))
        {
            var first = builder[0];
            builder.Remove(0, 1);
            builder.Insert(0, $"%{(byte)first:X2}");
        }

        if (builder.Length > MaxEscapedLength)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
            var head = builder.ToString(0, MaxEscapedLength - 40);
            var cut = head.LastIndexOf('%');
            if (cut >= head.Length - 2)
            {
                head = head[..cut];
            }

            return head + "~" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>; <see langword="false"/> for hashed or foreign names.</summary>
    public static bool TryUnescape(string stem, out string name)
    {
        name = string.Empty;
        if (stem.Contains('~', StringComparison.Ordinal))
        {
            return false;
        }

        if (!stem.Contains('%', StringComparison.Ordinal))
        {
            if (stem.AsSpan().IndexOfAnyExcept(FileNameChars) >= 0)
            {
                return false;
            }

            name = stem;
            return true;
        }

        var bytes = new List<byte>(stem.Length);
        for (var i = 0; i < stem.Length; i++)
        {
            var c = stem[i];
            if (c == '%')
            {
                if (i + 2 >= stem.Length)
                {
                    return false;
                }

                if (!byte.TryParse(stem.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                {
                    return false;
                }

                bytes.Add(b);
                i += 2;
            }
            else if (FileNameChars.Contains(c))
            {
                bytes.Add((byte)c);
            }
            else
            {
                return false;
            }
        }

        name = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    private static void AppendHex(StringBuilder builder, byte value)
    {
        builder.Append('%');
        builder.Append("0123456789ABCDEF"[value >> 4]);
        builder.Append("0123456789ABCDEF"[value & 0xF]);
    }

    private static bool IsReservedDeviceName(StringBuilder stem)
    {
        var text = stem.ToString();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? text : text[..dot];
        return Array.IndexOf(ReservedDeviceNames, head) >= 0;
    }
}
