using Caio.Internal;

namespace Caio.Core.Tests.Internal;

public sealed class SpanHashTests
{
    [Fact]
    public void Of_AnyOneByteChanged_ChangesTheHash_AtEveryLength()
    {
        // Every byte must reach the hash on each path: the short tail, the two or four overlapping blocks, the loop.
        var random = new Random(53);
        for (var length = 1; length <= 100; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            var original = SpanHash.Of(bytes);
            for (var position = 0; position < length; position++)
            {
                bytes[position] ^= 0x20;
                Assert.True(SpanHash.Of(bytes) != original, $"length {length}: a change at byte {position} left the hash as it was");
                bytes[position] ^= 0x20;
            }
        }
    }

    [Fact]
    public void Of_ManyDistinctTexts_SpreadOverTableSlotsAndFingerprints()
    {
        // The tables index by the low bits and fingerprint by the high 32: both halves must spread.
        var texts = Enumerable.Range(0, 65_536).Select(i => $"person.{i}@company{i % 977}.example").ToArray();
        var slots = new int[4_096];
        var fingerprints = new HashSet<uint>();
        foreach (var text in texts)
        {
            var hash = SpanHash.Of(text.AsSpan());
            slots[(int)(hash & 4_095)]++;
            fingerprints.Add((uint)(hash >> 32));
        }

        Assert.InRange(slots.Max(), 1, 40); // 16 expected per slot
        Assert.True(fingerprints.Count >= 65_530, $"{65_536 - fingerprints.Count} fingerprint collisions");
        Assert.Equal(SpanHash.Of("jane@example.com".AsSpan()), SpanHash.Of(System.Runtime.InteropServices.MemoryMarshal.AsBytes("jane@example.com".AsSpan())));
    }

    [Theory]
    [InlineData(0, 0x96EBBE173FF72A30UL)]
    [InlineData(1, 0x100BD7157460D6F9UL)]
    [InlineData(3, 0x75ED8896E11DB354UL)]
    [InlineData(4, 0x2E59E9357CD3B8E8UL)]
    [InlineData(7, 0x24DE8F7559896B68UL)]
    [InlineData(8, 0xF127E84EFEA483CFUL)]
    [InlineData(15, 0x587CF0E99A2700EBUL)]
    [InlineData(16, 0x259ADE1331003FF8UL)]
    [InlineData(17, 0x5D864927303292C9UL)]
    [InlineData(31, 0x0ADDA4B1EE7D5FCBUL)]
    [InlineData(32, 0xBE70D9A49BDCFA6FUL)]
    [InlineData(33, 0x7BA52DB6ABBB9AEDUL)]
    [InlineData(63, 0x9608A7731F3DBEA7UL)]
    [InlineData(64, 0xB0ED9F726F0299DEUL)]
    [InlineData(65, 0x21D047ACEFB00AF0UL)]
    [InlineData(100, 0x54D6C2AAD59FE665UL)]
    public void Of_KnownInput_GivesThePinnedHash(int length, ulong expected)
    {
        // Pinned values, one per path of the hash (tail sizes, two and four blocks, the loop). The product's halves
        // come from processor instructions where there are some and from Math.BigMul elsewhere; a run with
        // DOTNET_EnableHWIntrinsic=0 takes the second way and must give the same values.
        var bytes = Enumerable.Range(0, length).Select(i => (byte)((i * 7) + 3)).ToArray();

        Assert.Equal(expected, SpanHash.Of(bytes));
    }

    [Fact]
    public void OfEnds_AnyCharacterOfTheFirstOrLastEightChanged_ChangesTheHash_AtEveryLength()
    {
        var random = new Random(59);
        for (var length = 0; length <= 48; length++)
        {
            var text = new char[length];
            for (var i = 0; i < length; i++)
            {
                text[i] = (char)random.Next('a', 'z' + 1);
            }

            var original = SpanHash.OfEnds(text);
            for (var position = 0; position < length; position++)
            {
                if (position >= 8 && position < length - 8)
                {
                    continue; // the middle of a long text is not read, by design
                }

                text[position] ^= (char)0x20;
                Assert.True(SpanHash.OfEnds(text) != original, $"length {length}: a change at character {position} left the hash as it was");
                text[position] ^= (char)0x20;
            }

            Assert.NotEqual(original, SpanHash.OfEnds(new string(text) + "\0"));
        }
    }

    [Fact]
    public void OfEnds_ManyDistinctTexts_SpreadOverTheCacheSlots()
    {
        // Titles and industries as leads spell them: decorated, numbered, in every case.
        var bases = new[] { "VP Sales", "Chief Revenue Officer", "Software", "Information Technology & Services", "CEO", "AWS" };
        var texts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; texts.Count < 16_384; i++)
        {
            var text = bases[i % bases.Length];
            texts.Add((i % 4) switch
            {
                0 => $"{text} {i}",
                1 => $"{i} {text.ToUpperInvariant()}",
                2 => $"Global {text}, unit {i}",
                _ => $"  {text.ToLowerInvariant()} ({i}) ",
            });
        }

        var pairs = new int[2_048];
        foreach (var text in texts)
        {
            pairs[(int)(SpanHash.OfEnds(text) & 4_094) >> 1]++;
        }

        Assert.InRange(pairs.Max(), 1, 24); // 8 expected per pair of slots
    }
}
