namespace Caio.State.Internal;

// The open segment's in-memory index: a fingerprint table and, for colliding or unpackable lines, an exact map.
internal sealed partial class RecordSegments
{
    private static bool TryPack(long location, out uint packed)
    {
        var segment = location >> OffsetBits;
        var offset = location & OffsetMask;
        packed = (uint)((segment << PackedOffsetBits) | (offset / LineAlignment));
        return offset % LineAlignment == 0 && offset / LineAlignment < 1L << PackedOffsetBits && segment < MaxPackedSegment;
    }

    private static long Unpack(uint packed) =>
        Location((int)(packed >> PackedOffsetBits), (packed & ((1u << PackedOffsetBits) - 1)) * (long)LineAlignment);

    /// <summary>Where the newest line of <paramref name="key"/> in the open segment may be; the caller checks the key found there.</summary>
    private bool TryLocate(string key, out long location)
    {
        if (_exact.Count > 0 && _exact.TryGetValue(key, out location))
        {
            return true;
        }

        location = 0;
        if (!_table.TryGet(FingerprintTable.Fingerprint(key), out var packed) || packed == CollidedMarker)
        {
            return false;
        }

        location = Unpack(packed);
        return true;
    }

    /// <summary>
    /// Records the newest line of a key in the open segment: in the fingerprint table, or — for keys whose
    /// fingerprint another key shares, or whose line cannot be packed — in the exact map, which takes precedence.
    /// </summary>
    private void Index(string key, long location)
    {
        if (_exact.Count > 0 && _exact.ContainsKey(key))
        {
            _exact[key] = location;
            return;
        }

        if (!TryPack(location, out var packed))
        {
            _exact[key] = location;
            return;
        }

        var fingerprint = FingerprintTable.Fingerprint(key);
        if (!_table.TryGet(fingerprint, out var existing))
        {
            _table.Set(fingerprint, packed);
            return;
        }

        if (existing == CollidedMarker)
        {
            _exact[key] = location;
            return;
        }

        if (!SegmentLine.TryReadKey(ReadLineAt(Unpack(existing), out _), out var other) || string.Equals(other, key, StringComparison.Ordinal))
        {
            _table.Set(fingerprint, packed);
            return;
        }

        // Two keys share a fingerprint: both are looked up by their full key from now on.
        _exact.TryAdd(other, Unpack(existing));
        _exact[key] = location;
        _table.Set(fingerprint, CollidedMarker);
    }
}
