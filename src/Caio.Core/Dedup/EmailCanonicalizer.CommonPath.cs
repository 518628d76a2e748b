namespace Caio.Dedup;

/// <summary>
/// The single-pass path of <see cref="EmailCanonicalizer"/> for the common address: plain ASCII, valid, no alias to
/// fold. It validates and lower-cases in one scan; anything it does not handle is left to the full path.
/// </summary>
public sealed partial class EmailCanonicalizer
{
    // Character classes of the single-pass path (ASCII only). '.', '+' and '@' are handled by position.
    private const byte LocalClass = 1;
    private const byte DomainClass = 2;
    private const byte DigitClass = 4;

    /// <summary>
    /// Writes the normalized form of a trimmed address when it is the common case: ASCII, valid by every rule of
    /// the full path, and with nothing the options fold (a Gmail domain, or a <c>+tag</c> when
    /// <see cref="FoldPlusTags"/> is on). Returns <see langword="false"/> without deciding anything otherwise: the
    /// caller then runs the full path, which gives the result and the reason. The output is the full path's output
    /// for every address this accepts (the address lower-cased).
    /// </summary>
    private bool TryNormalizeCommon(ReadOnlySpan<char> address, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var length = address.Length;
        if (length > MaxNormalizedLength || destination.Length < length)
        {
            return false;
        }

        var classes = CharClasses;
        var previous = '.';
        var at = 0;
        for (; at < length; at++)
        {
            var c = address[at];
            if (c == '@')
            {
                break;
            }

            if (c >= 128)
            {
                return false;
            }

            if ((classes[c] & LocalClass) == 0)
            {
                // '.' neither first, last nor doubled; '+' only when tags are kept; nothing else.
                if (c == '.' ? previous == '.' : c != '+' || _foldPlusTags)
                {
                    return false;
                }
            }

            destination[at] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
            previous = c;
        }

        if (at == 0 || at == length || previous == '.' || at > MaxLocalPartLength || length - at - 1 > MaxDomainLength)
        {
            return false;
        }

        destination[at] = '@';
        var labelStart = at + 1;
        var labels = 1;
        var numeric = true;
        for (var i = labelStart; i < length; i++)
        {
            var c = address[i];
            if (c == '.')
            {
                var label = i - labelStart;
                if (label == 0 || label > MaxLabelLength || address[i - 1] == '-')
                {
                    return false;
                }

                destination[i] = '.';
                labelStart = i + 1;
                labels++;
                numeric = true;
                continue;
            }

            if (c >= 128 || (classes[c] & DomainClass) == 0 || (c == '-' && i == labelStart))
            {
                return false;
            }

            numeric &= (classes[c] & DigitClass) != 0;
            destination[i] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
        }

        var last = length - labelStart;
        if (last == 0 || last > MaxLabelLength || address[length - 1] == '-' || labels < 2 || numeric)
        {
            return false;
        }

        if (_foldGmailAliases)
        {
            var domain = destination[(at + 1)..length];
            if (domain.SequenceEqual(GmailDomain) || domain.SequenceEqual(GooglemailDomain))
            {
                return false;
            }
        }

        charsWritten = length;
        return true;
    }

    // 128 entries: LocalClass for the local part's letters, digits and symbols (not '.', '+' or '@'), DomainClass
    // for letters, digits and '-', DigitClass for digits.
    private static ReadOnlySpan<byte> CharClasses =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // control
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // control
        0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 3, 0, 1, // space ! " # $ % & ' ( ) * + , - . /
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 1, 0, 1, // 0-9 : ; < = > ?
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // @ A-O
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 1, 1, // P-Z [ \ ] ^ _
        1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // ` a-o
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0, // p-z { | } ~ DEL
    ];
}
