using System.Globalization;

namespace Caio.Scoring.Internal;

/// <summary>How a token is separated from the one before it.</summary>
internal enum TokenBreak : byte
{
    /// <summary>Only spaces or an in-word hyphen: phrases may continue across it.</summary>
    None = 0,

    /// <summary>"&amp;" or "+": phrases stop, a wildcard gap may continue.</summary>
    Soft = 1,

    /// <summary>"/", ",", ";", "|", brackets, ":", a spaced dash: separate roles; nothing continues across it.</summary>
    Hard = 2,
}

/// <summary>A word in a normalized buffer.</summary>
internal struct Token
{
    public int Start;
    public int Length;
    public int Hash;
    public TokenBreak Break;
    public bool IsWildcard;
}

/// <summary>
/// Splits free text into lower-cased words without allocating: letters and digits form words,
/// dots are dropped inside words ("C.E.O." is "ceo"), other characters separate words and some
/// of them separate roles (<see cref="TokenBreak"/>). Each token carries the hash of its word
/// (<see cref="WordTable.Hash(ReadOnlySpan{char})"/>).
/// </summary>
internal static class TextTokenizer
{
    /// <summary>Only this many characters of a text are read.</summary>
    public const int MaxChars = 512;

    private const byte Separator = 0;
    private const byte Lower = 1;
    private const byte Upper = 2;
    private const byte Dot = 3;
    private const byte Soft = 4;
    private const byte Hard = 5;
    private const byte Hyphen = 6;
    private const byte Star = 7;

    private static readonly byte[] AsciiClasses = CreateAsciiClasses();

    /// <summary>Size of the token buffer needed for a text of <paramref name="length"/> characters.</summary>
    public static int TokenCapacity(int length) => (Math.Min(length, MaxChars) / 2) + 1;

    /// <summary>Size of the character buffer needed for a text of <paramref name="length"/> characters.</summary>
    public static int CharCapacity(int length) => Math.Min(length, MaxChars);

    public static int Tokenize(ReadOnlySpan<char> text, Span<char> buffer, Span<Token> tokens, bool allowWildcard)
    {
        if (text.Length > MaxChars)
        {
            text = text[..MaxChars];
        }

        var classes = AsciiClasses;
        var written = 0;
        var count = 0;
        var wordStart = -1;
        var pending = TokenBreak.None;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var kind = c < 128 ? classes[c] : ClassifyNonAscii(c);
            if ((uint)(kind - 1) <= Upper - Lower)
            {
                var lower = kind == Upper ? (char)(c | 0x20) : c;
                if (c >= 128)
                {
                    lower = char.ToLowerInvariant(c);
                }

                if (wordStart < 0)
                {
                    wordStart = written;
                }

                buffer[written++] = lower;
                continue;
            }

            if (kind == Dot && wordStart >= 0)
            {
                // Joiner inside a word: "C.E.O." -> "ceo", "Sr." -> "sr".
                continue;
            }

            if (wordStart >= 0)
            {
                tokens[count++] = new Token { Start = wordStart, Length = written - wordStart, Hash = WordTable.Hash(buffer[wordStart..written]), Break = pending };
                pending = TokenBreak.None;
                wordStart = -1;
            }

            var separation = kind switch
            {
                Soft => TokenBreak.Soft,
                Hard => TokenBreak.Hard,
                Hyphen => HyphenBreak(text, i),
                _ => TokenBreak.None,
            };

            if (separation > pending)
            {
                pending = separation;
            }

            if (kind == Star && allowWildcard)
            {
                tokens[count++] = new Token { Start = written, Length = 0, Break = pending, IsWildcard = true };
                pending = TokenBreak.None;
            }
        }

        if (wordStart >= 0)
        {
            tokens[count++] = new Token { Start = wordStart, Length = written - wordStart, Hash = WordTable.Hash(buffer[wordStart..written]), Break = pending };
        }

        return count;
    }

    private static byte ClassifyNonAscii(char c)
    {
        if (char.IsLetterOrDigit(c)
            || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
        {
            return Lower;
        }

        return c switch
        {
            '\u2013' or '\u2014' or '\u2022' or '\u00B7' => Hard, // en dash, em dash, bullet, middle dot
            _ => Separator,
        };
    }

    private static TokenBreak HyphenBreak(ReadOnlySpan<char> text, int index)
    {
        // "CEO - Founder" separates roles; "Co-Founder" and "e-commerce" are one phrase.
        var spaceBefore = index == 0 || char.IsWhiteSpace(text[index - 1]);
        var spaceAfter = index == text.Length - 1 || char.IsWhiteSpace(text[index + 1]);
        return spaceBefore || spaceAfter ? TokenBreak.Hard : TokenBreak.None;
    }

    private static byte[] CreateAsciiClasses()
    {
        var classes = new byte[128];
        for (var c = 'a'; c <= 'z'; c++)
        {
            classes[c] = Lower;
        }

        for (var c = '0'; c <= '9'; c++)
        {
            classes[c] = Lower;
        }

        for (var c = 'A'; c <= 'Z'; c++)
        {
            classes[c] = Upper;
        }

        classes['.'] = Dot;
        classes['&'] = Soft;
        classes['+'] = Soft;
        foreach (var c in "/\\,;|()[]:")
        {
            classes[c] = Hard;
        }

        classes['-'] = Hyphen;
        classes['*'] = Star;
        return classes;
    }
}
