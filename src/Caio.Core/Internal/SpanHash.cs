using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Caio.Internal;

/// <summary>A fast, well-mixed hash of character and byte spans for the in-process lookup tables.</summary>
internal static class SpanHash
{
    private const ulong Secret0 = 0xa0761d6478bd642f;
    private const ulong Secret1 = 0xe7037ed1a0b428db;
    private const ulong Secret2 = 0x8ebc6af09c88c6e3;
    private const ulong Secret3 = 0x589965cc75374cc3;
    private const ulong Secret4 = 0x1d8e4e27c47d124f;

    /// <summary>
    /// A 64-bit hash of the UTF-16 code units of <paramref name="key"/>, 16 bytes per step (folded 128-bit
    /// products, as in wyhash). Not randomized: use it only where an exact comparison follows a match.
    /// </summary>
    public static ulong Of(ReadOnlySpan<char> key) => Of(MemoryMarshal.AsBytes(key));

    /// <summary>
    /// A 64-bit hash of <paramref name="bytes"/> from folded 128-bit products, as in wyhash. Not randomized: use it only
    /// where an exact comparison follows a match.
    /// </summary>
    /// <remarks>
    /// Inputs of 17 to 64 bytes (the texts the lookup tables see: addresses, titles, industries) are read as two or
    /// four 16-byte blocks, overlapping where the length is not a multiple of 16, each multiplied with its own secret.
    /// The products do not depend on one another, so the processor computes them side by side, and only their
    /// combination waits for them; a chain of one product per block would make each wait for the one before.
    /// </remarks>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        ref var start = ref MemoryMarshal.GetReference(bytes);
        var length = bytes.Length;
        var seed = Secret0 ^ (ulong)length;
        if (length is > 16 and <= 64)
        {
            var blocks = Block(ref start, 0, Secret1, seed) ^ Block(ref start, length - 16, Secret2, seed);
            if (length > 32)
            {
                blocks ^= Block(ref start, 16, Secret3, seed) ^ Block(ref start, length - 32, Secret4, seed);
            }

            return Mix(blocks ^ Secret2, (ulong)length ^ Secret1);
        }

        var offset = 0;
        for (; offset + 16 <= length; offset += 16)
        {
            var a = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
            var b = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset + 8));
            seed = Mix(a ^ Secret1, b ^ seed);
        }

        ulong lastA = 0, lastB = 0;
        var rest = length - offset;
        if (rest >= 8)
        {
            lastA = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
            lastB = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
        }
        else if (rest >= 4)
        {
            lastA = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset));
            lastB = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, length - 4));
        }
        else if (rest > 0)
        {
            // One to three bytes: the first, the middle and the last.
            lastA = ((ulong)Unsafe.Add(ref start, offset) << 16) | ((ulong)Unsafe.Add(ref start, offset + (rest >> 1)) << 8) | Unsafe.Add(ref start, length - 1);
        }

        seed = Mix(lastA ^ Secret1, lastB ^ seed);
        return Mix(seed ^ Secret2, (ulong)length ^ Secret1);
    }

    /// <summary>The product of the 16 bytes at <paramref name="offset"/>, keyed by a secret of its own and the seed.</summary>
    private static ulong Block(ref byte start, int offset, ulong secret, ulong seed) =>
        Mix(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset)) ^ secret, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset + 8)) ^ seed);

    private static ulong Mix(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }
}
