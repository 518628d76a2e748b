namespace Caio.State.Internal;

/// <summary>
/// A flat open-addressing table from a 32-bit key fingerprint to a 32-bit location: 8 bytes per slot,
/// no object per entry, each of its 64 shards at most 75 % full. Shards grow one at a time, so growing
/// never holds two copies of the whole table. Fingerprints of different keys may be equal; the caller
/// checks the key at the location and keeps colliding keys elsewhere. Not thread-safe.
/// </summary>
internal sealed class FingerprintTable
{
    private const int InitialCapacity = 64;
    private const int ShardBits = 6;
    private readonly ulong[][] _shards = NewShards();
    private readonly int[] _counts = new int[1 << ShardBits];

    /// <summary>The number of fingerprints held.</summary>
    public int Count { get; private set; }

    /// <summary>A 32-bit hash of a key (FNV-1a, then mixed), never 0 (0 marks an empty slot).</summary>
    public static uint Fingerprint(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 29;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 32;
        var fingerprint = (uint)hash;
        return fingerprint == 0 ? 1 : fingerprint;
    }

    public bool TryGet(uint fingerprint, out uint value)
    {
        var slots = _shards[fingerprint >> (32 - ShardBits)];
        var mask = slots.Length - 1;
        for (var slot = (int)(fingerprint & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var found = slots[slot];
            if (found == 0)
            {
                value = 0;
                return false;
            }

            if ((uint)(found >> 32) == fingerprint)
            {
                value = (uint)found;
                return true;
            }
        }
    }

    public void Set(uint fingerprint, uint value)
    {
        var shard = (int)(fingerprint >> (32 - ShardBits));
        if ((_counts[shard] + 1) * 4L > _shards[shard].Length * 3L)
        {
            _shards[shard] = Grown(_shards[shard]);
        }

        if (Insert(_shards[shard], fingerprint, value))
        {
            _counts[shard]++;
            Count++;
        }
    }

    /// <summary>Calls <paramref name="action"/> with every fingerprint and its value.</summary>
    public void ForEach(Action<uint, uint> action)
    {
        foreach (var slots in _shards)
        {
            foreach (var packed in slots)
            {
                if (packed != 0)
                {
                    action((uint)(packed >> 32), (uint)packed);
                }
            }
        }
    }

    public void Clear()
    {
        for (var shard = 0; shard < _shards.Length; shard++)
        {
            _shards[shard] = new ulong[InitialCapacity];
            _counts[shard] = 0;
        }

        Count = 0;
    }

    private static ulong[][] NewShards()
    {
        var shards = new ulong[1 << ShardBits][];
        for (var shard = 0; shard < shards.Length; shard++)
        {
            shards[shard] = new ulong[InitialCapacity];
        }

        return shards;
    }

    private static bool Insert(ulong[] slots, uint fingerprint, uint value)
    {
        var mask = slots.Length - 1;
        var packed = ((ulong)fingerprint << 32) | value;
        for (var slot = (int)(fingerprint & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var found = slots[slot];
            if (found == 0)
            {
                slots[slot] = packed;
                return true;
            }

            if ((uint)(found >> 32) == fingerprint)
            {
                slots[slot] = packed;
                return false;
            }
        }
    }

    private static ulong[] Grown(ulong[] slots)
    {
        var grown = new ulong[slots.Length * 2];
        foreach (var packed in slots)
        {
            if (packed != 0)
            {
                Insert(grown, (uint)(packed >> 32), (uint)packed);
            }
        }

        return grown;
    }
}
