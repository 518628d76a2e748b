using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Caio.Internal;

/// <summary>A fast, well-mixed hash of character and byte spans for the in-process lookup tables.</summary>
internal static class SpanHash
{
    /// <summary>
    /// A 64-bit hash of the UTF-16 code units of <paramref name="key"/>, 16 bytes per step (folded 128-bit
    /// products, as in wyhash). Not randomized: use it only where an exact comparison follows a match.
    /// </summary>
    public static ulong Of(ReadOnlySpan<char> key) => Of(MemoryMarshal.AsBytes(key));

    /// <summary>
    /// A 64-bit hash of <paramref name="bytes"/>, 16 bytes per step (folded 128-bit products, as in wyhash). Not
    /// randomized: use it only where an exact comparison follows a match.
    /// </summary>
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        const ulong Secret0 = 0xa0761d6478bd642f;
        const ulong Secret1 = 0xe7037ed1a0b428db;
        const ulong Secret2 = 0x8ebc6af09c88c6e3;

        ref var start = ref MemoryMarshal.GetReference(bytes);
        var length = bytes.Length;
        var seed = Secret0 ^ (ulong)length;
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

    private static ulong Mix(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }
}
