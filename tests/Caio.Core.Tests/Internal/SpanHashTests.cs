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
}
