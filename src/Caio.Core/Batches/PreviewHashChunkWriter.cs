using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Caio.Batches.Internal;

/// <summary>
/// Where <see cref="PreviewHashEncoder"/> writes the canonical bytes: a pooled buffer that, with a hash, is handed
/// to it whenever the next piece would not fit (so each chunk is hashed while it is still in the cache and the
/// whole form is never held in memory), and without one grows to hold the whole form.
/// </summary>
internal sealed class PreviewHashChunkWriter : IDisposable
{
    // Well inside the second-level cache.
    private const int ChunkSize = 64 * 1024;

    private readonly IncrementalHash? _hash;
    private byte[] _buffer;
    private int _length;

    public PreviewHashChunkWriter(IncrementalHash? hash)
    {
        _hash = hash;
        _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    }

    /// <summary>The bytes written and not yet hashed.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Returns room for at least <paramref name="bytes"/> bytes; <see cref="Advance"/> says how many were used.</summary>
    public Span<byte> Reserve(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            MakeRoom(bytes);
        }

        return _buffer.AsSpan(_length);
    }

    public void Advance(int bytes) => _length += bytes;

    public void Write(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _length += utf8.Length;
    }

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    public void WriteInt(int value)
    {
        value.TryFormat(Reserve(11), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    public void WriteJsonString(string value)
    {
        // Reserve first: it may hand the buffer to the hash and reset the length.
        var destination = Reserve(PreviewHashJsonText.MaxStringBytes(value.Length));
        _length += PreviewHashJsonText.WriteString(value, destination);
    }

    /// <summary>Hands the remaining bytes to the hash.</summary>
    public void Flush()
    {
        if (_hash is not null && _length > 0)
        {
            _hash.AppendData(_buffer, 0, _length);
            _length = 0;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void MakeRoom(int bytes)
    {
        Flush();
        if (_buffer.Length - _length < bytes)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(checked(_length + bytes), 2 * _buffer.Length));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
