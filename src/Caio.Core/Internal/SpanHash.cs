using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// A 64-bit hash of the length of <paramref name="text"/> and its first and last eight characters (all of it up to
    /// sixteen), for lookup tables that compare the whole text on a hit: texts that differ only in their middle share
    /// a hash, which costs such a table a miss, never a wrong answer. From four characters on, it reads the same four
    /// overlapping words whatever the length, so it does not branch on lengths that vary from one text to the next.
    /// </summary>
    public static ulong OfEnds(ReadOnlySpan<char> text)
    {
        ref var start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
        var length = text.Length * sizeof(char);
        ulong a = 0, b = 0, c = 0, d = 0;
        if (length >= 8)
        {
            a = Unsafe.ReadUnaligned<ulong>(ref start);
            b = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, Math.Min(8, length - 8)));
            c = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, Math.Max(length - 16, 0)));
            d = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
        }
        else if (length > 0)
        {
            // One to three characters: the first, the middle and the last.
            a = text[0] | ((ulong)text[text.Length >> 1] << 16) | ((ulong)text[^1] << 32);
        }

        var seed = Secret0 ^ (ulong)length;
        return Mix(Mix(a ^ Secret1, b ^ seed) ^ Mix(c ^ Secret2, d ^ seed), (ulong)length ^ Secret3);
    }

    /// <summary>The product of the 16 bytes at <paramref name="offset"/>, keyed by a secret of its own and the seed.</summary>
    private static ulong Block(ref byte start, int offset, ulong secret, ulong seed) =>
        Mix(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset)) ^ secret, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset + 8)) ^ seed);

    private static ulong Mix(ulong a, ulong b)
    {
        if (Bmi2.X64.IsSupported)
        {
            // The high and low halves as two register products: on x64, Math.BigMul returns the low half through
            // memory, which puts a store and a load into every hash's critical path. (On Arm64 it already multiplies
            // twice in registers.)
            return Bmi2.X64.MultiplyNoFlags(a, b) ^ (a * b);
        }

        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }
}
