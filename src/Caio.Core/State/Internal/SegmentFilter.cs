namespace Caio.State.Internal;

/// <summary>
/// A blocked Bloom filter over key fingerprints: 10 bits per key in 512-bit blocks, six bits set per
/// key inside one block, so a probe costs one cache line. About 1 % false positives; never a false
/// negative. Immutable once built.
/// </summary>
internal sealed class SegmentFilter
{
    private const int BitsPerKey = 10;
    private const int WordsPerBlock = 8;
    private const int BitsPerProbe = 6;

    private readonly ulong[] _words;
    private readonly uint _blocks;

    public SegmentFilter(int keys)
    {
        _blocks = (uint)Math.Max(1, ((long)keys * BitsPerKey + 511) / 512);
        _words = new ulong[_blocks * WordsPerBlock];
    }

    /// <summary>The memory the filter holds, in bytes.</summary>
    public long Bytes => _words.Length * sizeof(ulong);

    public void Add(uint fingerprint)
    {
        var (block, hash) = Locate(fingerprint);
        for (var i = 0; i < BitsPerProbe; i++, hash >>= 9)
        {
            var bit = (int)(hash & 511);
            _words[block + (bit >> 6)] |= 1UL << (bit & 63);
        }
    }

    public bool MayContain(uint fingerprint)
    {
        var (block, hash) = Locate(fingerprint);
        for (var i = 0; i < BitsPerProbe; i++, hash >>= 9)
        {
            var bit = (int)(hash & 511);
            if ((_words[block + (bit >> 6)] & (1UL << (bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private (int Block, ulong Hash) Locate(uint fingerprint)
    {
        var hash = fingerprint * 0x9E3779B97F4A7C15UL;
        hash ^= hash >> 31;
        hash *= 0xBF58476D1CE4E5B9UL;
        var block = (int)(((hash >> 32) * _blocks) >> 32) * WordsPerBlock;
        return (block, (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL);
    }
}
