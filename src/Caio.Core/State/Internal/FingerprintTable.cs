namespace Caio.State.Internal;

/// <summary>
/// A flat open-addressing table from a 64-bit key fingerprint to a 64-bit location: 16 bytes per slot,
/// no object per entry. Not thread-safe.
/// </summary>
internal sealed class FingerprintTable
{
    private const int InitialCapacity = 1024;
    private ulong[] _fingerprints = new ulong[InitialCapacity];
    private long[] _values = new long[InitialCapacity];

    /// <summary>The number of fingerprints held.</summary>
    public int Count { get; private set; }

    /// <summary>The 64-bit FNV-1a hash of a key, never 0 (0 marks an empty slot).</summary>
    public static ulong Fingerprint(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // Mix the high bits down: slots are chosen by the low bits.
        hash ^= hash >> 29;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 32;
        return hash == 0 ? 1 : hash;
    }

    public bool TryGet(ulong fingerprint, out long value)
    {
        var mask = _fingerprints.Length - 1;
        for (var slot = (int)fingerprint & mask; ; slot = (slot + 1) & mask)
        {
            var found = _fingerprints[slot];
            if (found == fingerprint)
            {
                value = _values[slot];
                return true;
            }

            if (found == 0)
            {
                value = 0;
                return false;
            }
        }
    }

    public void Set(ulong fingerprint, long value)
    {
        if ((Count + 1) * 10L > _fingerprints.Length * 7L)
        {
            Grow();
        }

        if (Insert(_fingerprints, _values, fingerprint, value))
        {
            Count++;
        }
    }

    public void Clear()
    {
        _fingerprints = new ulong[InitialCapacity];
        _values = new long[InitialCapacity];
        Count = 0;
    }

    private static bool Insert(ulong[] fingerprints, long[] values, ulong fingerprint, long value)
    {
        var mask = fingerprints.Length - 1;
        for (var slot = (int)fingerprint & mask; ; slot = (slot + 1) & mask)
        {
            if (fingerprints[slot] == fingerprint)
            {
                values[slot] = value;
                return false;
            }

            if (fingerprints[slot] == 0)
            {
                fingerprints[slot] = fingerprint;
                values[slot] = value;
                return true;
            }
        }
    }

    private void Grow()
    {
        var fingerprints = new ulong[_fingerprints.Length * 2];
        var values = new long[fingerprints.Length];
        for (var i = 0; i < _fingerprints.Length; i++)
        {
            if (_fingerprints[i] != 0)
            {
                Insert(fingerprints, values, _fingerprints[i], _values[i]);
            }
        }

        _fingerprints = fingerprints;
        _values = values;
    }
}
