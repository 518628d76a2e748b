using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Caio.Batches.Internal;

/// <summary>
/// Minimal JSON strings of the canonical form: <c>"</c>, the value with <c>"</c> → <c>\"</c>, <c>\</c> → <c>\\</c>,
/// U+0000–U+001F → <c>\u00xx</c> (lower-case hex) and every other character as itself in UTF-8, then <c>"</c>.
/// </summary>
internal static class PreviewHashJsonText
{
    // Printable ASCII that needs no escape: written by one narrowing copy.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f");

    private static readonly SearchValues<char> CharsToEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    /// <summary>The most bytes <see cref="WriteString"/> writes for a value of <paramref name="length"/> UTF-16 units.</summary>
    public static int MaxStringBytes(int length) => (6 * length) + 2;

    /// <summary>
    /// Writes <paramref name="value"/> as a JSON string into <paramref name="destination"/>, which must hold
    /// <see cref="MaxStringBytes"/>; returns the bytes written. The value must be well-formed UTF-16 (validated by the caller).
    /// </summary>
    public static int WriteString(ReadOnlySpan<char> value, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        int position;
        if (!value.ContainsAnyExcept(Plain))
        {
            Ascii.FromUtf16(value, destination[1..], out var narrowed);
            position = 1 + narrowed;
        }
        else
        {
            position = 1 + WriteEscaped(value, destination[1..]);
        }

        destination[position++] = (byte)'"';
        return position;
    }

    private static int WriteEscaped(ReadOnlySpan<char> value, Span<byte> destination)
    {
        var position = 0;
        while (true)
        {
            var escape = value.IndexOfAny(CharsToEscape);
            var plain = escape < 0 ? value : value[..escape];
            if (Utf8.FromUtf16(plain, destination[position..], out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw new BatchScopeFormatException("A string in the batch scope contains an unpaired surrogate.");
            }

            position += written;
            if (escape < 0)
            {
                return position;
            }

            var c = value[escape];
            destination[position++] = (byte)'\\';
            switch (c)
            {
                case '"':
                    destination[position++] = (byte)'"';
                    break;
                case '\\':
                    destination[position++] = (byte)'\\';
                    break;
                default:
                    destination[position++] = (byte)'u';
                    destination[position++] = (byte)'0';
                    destination[position++] = (byte)'0';
                    destination[position++] = LowerHex[c >> 4];
                    destination[position++] = LowerHex[c & 0xF];
                    break;
            }

            value = value[(escape + 1)..];
        }
    }
}
