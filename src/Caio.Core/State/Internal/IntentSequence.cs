using System.Buffers.Binary;
using System.IO.Abstractions;

namespace Caio.State.Internal;

/// <summary>
/// A counter shared by every process on a state directory (<c>locks/intents.sequence</c>) that grows by
/// one each time a multi-key commit's intent appears or is rolled forward. A reader that listed
/// <c>intents/</c> and found no foreign intent can skip the listing while the counter has grown only
/// by its own store's commits: any other intent would have been counted after it was written and
/// before anything of it was applied.
/// </summary>
/// <remarks>
/// The file holds the value and its bitwise complement (16 bytes, one write), so a read that races a
/// write is recognised and counts as "changed". Increments are serialised across processes by the
/// <c>intents.sequence</c> lock and within this store by <see cref="_sync"/>.
/// </remarks>
internal sealed class IntentSequence : IDisposable
{
    private const int Size = 16;

    private readonly IFileSystem _fileSystem;
    private readonly string _path;
    private readonly Lock _sync = new();
    private Stream? _reader;
    private long _own;

    public IntentSequence(IFileSystem fileSystem, string path)
    {
        _fileSystem = fileSystem;
        _path = path;
    }

    /// <summary>How many increments this store has made (read before <see cref="TryRead"/>).</summary>
    public long Own => Volatile.Read(ref _own);

    /// <summary>Reads the shared value; <see langword="false"/> when it could not be read consistently.</summary>
    public bool TryRead(out long value)
    {
        Span<byte> buffer = stackalloc byte[Size];
        lock (_sync)
        {
            try
            {
                _reader ??= _fileSystem.FileStream.Create(_path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                _reader.Position = 0;
                var read = _reader.ReadAtLeast(buffer, Size, throwOnEndOfStream: false);
                return TryDecode(buffer[..read], out value);
            }
            catch (IOException)
            {
                _reader?.Dispose();
                _reader = null;
                value = 0;
                return false;
            }
        }
    }

    /// <summary>Adds one to the shared value. The caller holds the cross-process <c>intents.sequence</c> lock.</summary>
    public void Increment()
    {
        Span<byte> buffer = stackalloc byte[Size];
        lock (_sync)
        {
            using var stream = _fileSystem.FileStream.Create(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var read = stream.ReadAtLeast(buffer, Size, throwOnEndOfStream: false);
            // A torn earlier write: jump somewhere no reader can have cached, rather than back to a
            // value it may have seen.
            var value = TryDecode(buffer[..read], out var current) ? current + 1 : Random.Shared.NextInt64(1L << 40, long.MaxValue);
            BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[8..], ~value);
            stream.Position = 0;
            stream.Write(buffer);

            // Shared first, then own: a reader that reads own before shared never sees an own
            // increment the shared value does not hold, so equal growth means no foreign increment.
            Volatile.Write(ref _own, _own + 1);
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _reader?.Dispose();
            _reader = null;
        }
    }

    private static bool TryDecode(ReadOnlySpan<byte> bytes, out long value)
    {
        if (bytes.Length < Size)
        {
            // Never written (or created but not yet written): no intent was ever counted.
            value = 0;
            return bytes.IsEmpty;
        }

        value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        return ~value == BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }
}
