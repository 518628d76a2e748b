namespace Caio.State.Internal;

/// <summary>
/// A flat open-addressing table from a 32-bit key fingerprint to a 32-bit location: 8 bytes per slot,
/// no object per entry, at most 75 % full. Fingerprints of different keys may be equal; the caller
/// checks the key at the location and keeps colliding keys elsewhere. Not thread-safe.
/// </summary>
internal sealed class FingerprintTable
{
    private const int InitialCapacity = 1024;
    private ulong[] _slots = new ulong[InitialCapacity];

    /// <summary>The number of fingerprints held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held by the table.</summary>
    public long Bytes => _slots.Length * sizeof(ulong);

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
        var mask = _slots.Length - 1;
        for (var slot = (int)(fingerprint & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var found = _slots[slot];
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
        if ((Count + 1) * 4L > _slots.Length * 3L)
        {
            Grow();
        }

        if (Insert(_slots, fingerprint, value))
        {
            Count++;
        }
    }

    public void Clear()
    {
        _slots = new ulong[InitialCapacity];
        Count = 0;
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

    private void Grow()
    {
        var slots = new ulong[_slots.Length * 2];
        foreach (var packed in _slots)
        {
            if (packed != 0)
            {
                Insert(slots, (uint)(packed >> 32), (uint)packed);
            }
        }

        _slots = slots;
    }
}
