using System.Numerics;
using Caio.Internal;

namespace Caio.Dedup.Internal;

/// <summary>
/// A set of strings laid out for one cache miss per probe: a flat open-addressing table of 64-bit slots,
/// each holding a 32-bit fingerprint of the key's hash and the offset of the key in a contiguous character
/// arena. A probe reads consecutive slots until it meets an empty one; only a slot whose fingerprint matches
/// is checked exactly against the arena, so a miss reads the slot array alone and a hit reads one key.
/// </summary>
/// <remarks>
/// Readers never lock. Writers serialize on a lock and publish every change with a release write: the key's
/// characters are in the arena before the slot that points at them becomes visible, and a table that outgrows
/// its slots or arena is rebuilt and swapped in whole, so a reader holding the previous table sees a complete,
/// unchanging set. A removed key leaves a tombstone that probes step over; rebuilds drop tombstones and the
/// removed keys' characters.
/// </remarks>
internal sealed class FingerprintTable
{
    private const ulong Empty = 0;
    private const ulong Tombstone = ulong.MaxValue;
    private const int MinimumCapacity = 16;

    private readonly Lock _gate = new();
    private Table _table = new(MinimumCapacity, 256);

    /// <summary>The number of keys in the set.</summary>
    public int Count => Volatile.Read(ref _table).Count;

    /// <summary>Whether the set holds <paramref name="key"/>.</summary>
    public bool Contains(ReadOnlySpan<char> key)
    {
        var table = Volatile.Read(ref _table);
        return table.Find(key, SpanHash.Of(key)) >= 0;
    }

    /// <summary>
    /// Whether the set holds each key: <paramref name="found"/>[i] for the key at <paramref name="starts"/>[i] of
    /// length <paramref name="lengths"/>[i] in <paramref name="keys"/>, whose hash is <paramref name="hashes"/>[i].
    /// Each answer is as consistent as a <see cref="Contains"/> call made at the same moment; the memory reads of
    /// the keys overlap (see <see cref="Table.FindEach"/>).
    /// </summary>
    public void ContainsEach(ReadOnlySpan<char> keys, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, ReadOnlySpan<ulong> hashes, Span<bool> found) =>
        Volatile.Read(ref _table).FindEach(keys, starts, lengths, hashes, found);

    /// <summary>Adds <paramref name="key"/>; <see langword="false"/> when it was present.</summary>
    public bool Add(ReadOnlySpan<char> key)
    {
        var hash = SpanHash.Of(key);
        lock (_gate)
        {
            var table = _table;
            if (table.Find(key, hash) >= 0)
            {
                return false;
            }

            if (!table.HasRoomFor(key.Length))
            {
                table = Rebuild(table, key.Length);
            }

            table.Insert(key, hash);
            return true;
        }
    }

    /// <summary>Removes <paramref name="key"/>; <see langword="false"/> when it was absent.</summary>
    public bool Remove(ReadOnlySpan<char> key)
    {
        var hash = SpanHash.Of(key);
        lock (_gate)
        {
            var table = _table;
            var slot = table.Find(key, hash);
            if (slot < 0)
            {
                return false;
            }

            table.RemoveAt(slot, key.Length);
            return true;
        }
    }

    /// <summary>Removes every key.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Volatile.Write(ref _table, new Table(MinimumCapacity, 256));
        }
    }

    private Table Rebuild(Table current, int incomingLength)
    {
        var live = current.Count + 1;
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinimumCapacity, live * 2));
        var arena = Math.Max(256, checked((current.LiveChars + incomingLength + 1) * 2));
        var rebuilt = new Table(capacity, arena);
        current.CopyLiveTo(rebuilt);
        Volatile.Write(ref _table, rebuilt);
        return rebuilt;
    }

    private sealed class Table
    {
        private readonly ulong[] _slots;
        private readonly char[] _arena;
        private readonly int _mask;
        private int _arenaUsed;
        private int _used;
        private int _count;

        public Table(int capacity, int arenaCapacity)
        {
            _slots = new ulong[capacity];
            _arena = new char[arenaCapacity];
            _mask = capacity - 1;
        }

        public int Count => Volatile.Read(ref _count);

        /// <summary>Characters held by live keys, length prefixes included.</summary>
        public int LiveChars { get; private set; }

        /// <summary>Whether a key of this length fits without a rebuild (slots at most half used).</summary>
        public bool HasRoomFor(int length) =>
            (_used + 1) * 2 <= _slots.Length && _arena.Length - _arenaUsed > length;

        /// <summary>Returns the slot holding <paramref name="key"/>, or -1.</summary>
        public int Find(ReadOnlySpan<char> key, ulong hash) => FindFrom(key, hash, (int)hash & _mask, Volatile.Read(ref _slots[(int)hash & _mask]));

        /// <summary>
        /// <see cref="Find"/> for many keys at once, in three passes so that the cache misses of different keys are
        /// in flight together instead of one after another: first every key's home slot is read, then the arena
        /// entry of every slot whose fingerprint matches, and only then is each key compared and, where its home
        /// slot was taken by another key, probed on (usually within the same cache line).
        /// </summary>
        public void FindEach(ReadOnlySpan<char> keys, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, ReadOnlySpan<ulong> hashes, Span<bool> found)
        {
            const int Group = 16;
            var slots = _slots;
            var arena = _arena;
            Span<ulong> home = stackalloc ulong[Group];
            Span<int> stored = stackalloc int[Group];
            for (var first = 0; first < hashes.Length; first += Group)
            {
                var count = Math.Min(Group, hashes.Length - first);

                // Independent loads: the processor issues all of them before the first one returns.
                for (var i = 0; i < count; i++)
                {
                    home[i] = Volatile.Read(ref slots[(int)hashes[first + i] & _mask]);
                }

                for (var i = 0; i < count; i++)
                {
                    var slot = home[i];
                    stored[i] = slot != Empty && slot != Tombstone && (uint)(slot >> 32) == (uint)(hashes[first + i] >> 32) ? arena[(int)(uint)slot - 1] : -1;
                }

                for (var i = 0; i < count; i++)
                {
                    var hash = hashes[first + i];
                    var key = keys.Slice(starts[first + i], lengths[first + i]);
                    found[first + i] = (stored[i] == key.Length && Matches((int)(uint)home[i] - 1, key))
                        || FindFrom(key, hash, (int)hash & _mask, home[i]) >= 0;
                }
            }
        }

        /// <summary>Probes from slot <paramref name="index"/>, whose value <paramref name="slot"/> was already read.</summary>
        private int FindFrom(ReadOnlySpan<char> key, ulong hash, int index, ulong slot)
        {
            var slots = _slots;
            var fingerprint = (uint)(hash >> 32);
            while (true)
            {
                if (slot == Empty)
                {
                    return -1;
                }

                if ((uint)(slot >> 32) == fingerprint && slot != Tombstone && Matches((int)(uint)slot - 1, key))
                {
                    return index;
                }

                index = (index + 1) & _mask;
                slot = Volatile.Read(ref slots[index]);
            }
        }

        public void Insert(ReadOnlySpan<char> key, ulong hash)
        {
            var offset = _arenaUsed;
            _arena[offset] = (char)key.Length;
            key.CopyTo(_arena.AsSpan(offset + 1));
            _arenaUsed = offset + 1 + key.Length;
            LiveChars += 1 + key.Length;

            var index = (int)hash & _mask;
            while (_slots[index] != Empty)
            {
                index = (index + 1) & _mask;
            }

            // Release: the characters above are visible before the slot that points at them.
            Volatile.Write(ref _slots[index], (hash & 0xFFFF_FFFF_0000_0000) | (uint)(offset + 1));
            _used++;
            Volatile.Write(ref _count, _count + 1);
        }

        public void RemoveAt(int index, int keyLength)
        {
            Volatile.Write(ref _slots[index], Tombstone);
            LiveChars -= 1 + keyLength;
            Volatile.Write(ref _count, _count - 1);
        }

        public void CopyLiveTo(Table target)
        {
            foreach (var slot in _slots)
            {
                if (slot is not (Empty or Tombstone))
                {
                    var offset = (int)(uint)slot - 1;
                    var key = _arena.AsSpan(offset + 1, _arena[offset]);
                    target.Insert(key, SpanHash.Of(key));
                }
            }
        }

        private bool Matches(int offset, ReadOnlySpan<char> key)
        {
            var arena = _arena;
            return arena[offset] == key.Length && arena.AsSpan(offset + 1, key.Length).SequenceEqual(key);
        }
    }
}
