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
    public TokenBreak Break;
    public bool IsWildcard;
}

/// <summary>
/// Splits free text into lower-cased words without allocating: letters and digits form words,
/// dots are dropped inside words ("C.E.O." is "ceo"), other characters separate words and some
/// of them separate roles (<see cref="TokenBreak"/>).
/// </summary>
internal static class TextTokenizer
{
    /// <summary>Only this many characters of a text are read.</summary>
    public const int MaxChars = 512;

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

        var written = 0;
        var count = 0;
        var wordStart = -1;
        var pending = TokenBreak.None;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsWordChar(c))
            {
                if (wordStart < 0)
                {
                    wordStart = written;
                }

                buffer[written++] = char.ToLowerInvariant(c);
                continue;
            }

            if (c == '.' && wordStart >= 0)
            {
                // Joiner inside a word: "C.E.O." -> "ceo", "Sr." -> "sr".
                continue;
            }

            if (wordStart >= 0)
            {
                tokens[count++] = new Token { Start = wordStart, Length = written - wordStart, Break = pending };
                pending = TokenBreak.None;
                wordStart = -1;
            }

            var kind = Classify(text, i);
            if (kind > pending)
            {
                pending = kind;
            }

            if (c == '*' && allowWildcard)
            {
                tokens[count++] = new Token { Start = written, Length = 0, Break = pending, IsWildcard = true };
                pending = TokenBreak.None;
            }
        }

        if (wordStart >= 0)
        {
            tokens[count++] = new Token { Start = wordStart, Length = written - wordStart, Break = pending };
        }

        return count;
    }

    private static bool IsWordChar(char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            return true;
        }

        if (c < 128)
        {
            return false;
        }

        return char.IsLetterOrDigit(c)
            || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static TokenBreak Classify(ReadOnlySpan<char> text, int index)
    {
        switch (text[index])
        {
            case '&':
            case '+':
                return TokenBreak.Soft;
            case '/':
            case '\\':
            case ',':
            case ';':
            case '|':
            case '(':
            case ')':
            case '[':
            case ']':
            case ':':
            case '\u2013': // en dash
            case '\u2014': // em dash
            case '\u2022': // bullet
            case '\u00B7': // middle dot
                return TokenBreak.Hard;
            case '-':
                // "CEO - Founder" separates roles; "Co-Founder" and "e-commerce" are one phrase.
                var spaceBefore = index == 0 || char.IsWhiteSpace(text[index - 1]);
                var spaceAfter = index == text.Length - 1 || char.IsWhiteSpace(text[index + 1]);
                return spaceBefore || spaceAfter ? TokenBreak.Hard : TokenBreak.None;
            default:
                return TokenBreak.None;
        }
    }
}
