using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace Caio.Batches.Internal;

/// <summary>
/// A growable UTF-8 buffer rented from <see cref="ArrayPool{T}.Shared"/> that writes the pieces of the canonical
/// JSON form: raw bytes, plain decimal integers and minimally escaped strings.
/// </summary>
internal sealed class PooledUtf8Builder : IDisposable
{
    private static readonly SearchValues<char> CharsToEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private byte[] _buffer;
    private int _length;

    public PooledUtf8Builder(int initialCapacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlySpan<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    /// <summary>Empties the buffer, keeping its capacity.</summary>
    public void Clear() => _length = 0;

    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _length += utf8.Length;
    }

    public void AppendByte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    /// <summary>Appends an integer in plain decimal (invariant: ASCII digits, '-' for negatives).</summary>
    public void AppendInt(int value)
    {
        value.TryFormat(Reserve(11), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Appends ASCII text lower-cased (used for hexadecimal digests).</summary>
    public void AppendLowerAscii(ReadOnlySpan<char> ascii)
    {
        var destination = Reserve(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            var c = ascii[i];
            destination[i] = (byte)(c is >= 'A' and <= 'Z' ? c | 0x20 : c);
        }

        _length += ascii.Length;
    }

    /// <summary>
    /// Appends a JSON string: <c>"</c>, the value with <c>"</c> → <c>\"</c>, <c>\</c> → <c>\\</c>, U+0000–U+001F →
    /// <c>\u00xx</c> (lower-case hex) and every other character as itself in UTF-8, then <c>"</c>. The value must be
    /// well-formed UTF-16 (validated by the caller).
    /// </summary>
    public void AppendJsonString(ReadOnlySpan<char> value)
    {
        // Worst case: every character escaped as \u00xx (6 bytes); UTF-8 needs at most 3 bytes per UTF-16 unit.
        var destination = Reserve((6 * value.Length) + 2);
        var position = 0;
        destination[position++] = (byte)'"';
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
                break;
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

        destination[position++] = (byte)'"';
        _length += position;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    private Span<byte> Reserve(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Grow(bytes);
        }

        return _buffer.AsSpan(_length);
    }

    private void Grow(int bytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(checked(_length + bytes), 2 * _buffer.Length));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
