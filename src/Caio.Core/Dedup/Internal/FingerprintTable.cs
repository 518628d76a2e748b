using System.Buffers.Binary;
using System.Numerics;
using Caio.Internal;

namespace Caio.Dedup.Internal;

/// <summary>
/// A set of byte strings laid out for one cache miss per probe: a flat open-addressing table of 64-bit slots,
/// each holding a 32-bit fingerprint of the key's hash and the offset of the key in a contiguous byte arena
/// (a two-byte length, then the key). A probe reads consecutive slots until it meets an empty one; only a slot
/// whose fingerprint matches is checked exactly against the arena, so a miss reads the slot array alone and a hit
/// reads one key.
/// </summary>
/// <remarks>
/// Readers never lock. Writers serialize on a lock and publish every change with a release write: the key's
/// bytes are in the arena before the slot that points at them becomes visible, and a table that outgrows
/// its slots or arena is rebuilt and swapped in whole, so a reader holding the previous table sees a complete,
/// unchanging set. A removed key leaves a tombstone that probes step over; rebuilds drop tombstones and the
/// removed keys' bytes.
/// </remarks>
internal sealed class FingerprintTable
{
    private const ulong Empty = 0;
    private const ulong Tombstone = ulong.MaxValue;
    private const int MinimumCapacity = 16;
    private const int LengthBytes = 2;

    private readonly Lock _gate = new();
    private Table _table = new(MinimumCapacity, 256);

    /// <summary>The number of keys in the set.</summary>
    public int Count => Volatile.Read(ref _table).Count;

    /// <summary>Whether the set holds <paramref name="key"/>.</summary>
    public bool Contains(ReadOnlySpan<byte> key)
    {
        var table = Volatile.Read(ref _table);
        return table.Find(key, SpanHash.Of(key)) >= 0;
    }

    /// <summary>
    /// The table as it is now, for asking about many keys in stages (<see cref="Table.PrefetchHome"/>,
    /// <see cref="Table.ReadHome"/>, <see cref="Table.Resolve"/>); each answer is the one a <see cref="Contains"/>
    /// call made when the snapshot was taken would give, or a later one.
    /// </summary>
    public Table Snapshot() => Volatile.Read(ref _table);

    /// <summary>Adds <paramref name="key"/>; <see langword="false"/> when it was present.</summary>
    public bool Add(ReadOnlySpan<byte> key)
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
    public bool Remove(ReadOnlySpan<byte> key)
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
        var arena = Math.Max(256, checked((current.LiveBytes + incomingLength + LengthBytes) * 2));
        var rebuilt = new Table(capacity, arena);
        current.CopyLiveTo(rebuilt);
        Volatile.Write(ref _table, rebuilt);
        return rebuilt;
    }

    internal sealed class Table
    {
        private readonly ulong[] _slots;
        private readonly byte[] _arena;
        private readonly int _mask;
        private int _arenaUsed;
        private int _used;
        private int _count;

        public Table(int capacity, int arenaCapacity)
        {
            _slots = new ulong[capacity];
            _arena = new byte[arenaCapacity];
            _mask = capacity - 1;
        }

        public int Count => Volatile.Read(ref _count);

        /// <summary>Bytes held by live keys, length prefixes included.</summary>
        public int LiveBytes { get; private set; }

        /// <summary>Whether a key of this length fits without a rebuild (slots at most half used).</summary>
        public bool HasRoomFor(int length) =>
            (_used + 1) * 2 <= _slots.Length && _arena.Length - _arenaUsed >= length + LengthBytes;

        /// <summary>Returns the slot holding <paramref name="key"/>, or -1.</summary>
        public int Find(ReadOnlySpan<byte> key, ulong hash) => FindFrom(key, hash, (int)hash & _mask, Volatile.Read(ref _slots[(int)hash & _mask]));

        /// <summary>
        /// Asks the processor to bring in the home slot of <paramref name="hash"/>, without waiting for it. Together
        /// with <see cref="ReadHome"/> and <see cref="Resolve"/> this lets a caller work on other keys while the
        /// cache misses of earlier ones are in flight (see <see cref="DedupKeySet.ContainsEach"/>).
        /// </summary>
        public void PrefetchHome(ulong hash) => MemoryHint.Prefetch(ref _slots[(int)hash & _mask]);

        /// <summary>
        /// Reads the home slot of <paramref name="hash"/> and, when its fingerprint matches, asks the processor to
        /// bring in the stored key it points at (its first and, for a key of <paramref name="length"/> bytes, its last
        /// cache line), without waiting for it.
        /// </summary>
        public ulong ReadHome(ulong hash, int length)
        {
            var slot = Volatile.Read(ref _slots[(int)hash & _mask]);
            if (slot != Empty && slot != Tombstone && (uint)(slot >> 32) == (uint)(hash >> 32))
            {
                var arena = _arena;
                var offset = (int)(uint)slot - 1;
                MemoryHint.Prefetch(ref arena[offset]);
                MemoryHint.Prefetch(ref arena[Math.Min(offset + LengthBytes + length, arena.Length) - 1]);
            }

            return slot;
        }

        /// <summary>Whether the table holds <paramref name="key"/>, given its home slot as <see cref="ReadHome"/> read it.</summary>
        public bool Resolve(ReadOnlySpan<byte> key, ulong hash, ulong home) => FindFrom(key, hash, (int)hash & _mask, home) >= 0;

        /// <summary>Probes from slot <paramref name="index"/>, whose value <paramref name="slot"/> was already read.</summary>
        private int FindFrom(ReadOnlySpan<byte> key, ulong hash, int index, ulong slot)
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

        public void Insert(ReadOnlySpan<byte> key, ulong hash)
        {
            var offset = _arenaUsed;
            BinaryPrimitives.WriteUInt16LittleEndian(_arena.AsSpan(offset), checked((ushort)key.Length));
            key.CopyTo(_arena.AsSpan(offset + LengthBytes));
            _arenaUsed = offset + LengthBytes + key.Length;
            LiveBytes += LengthBytes + key.Length;

            var index = (int)hash & _mask;
            while (_slots[index] != Empty)
            {
                index = (index + 1) & _mask;
            }

            // Release: the bytes above are visible before the slot that points at them.
            Volatile.Write(ref _slots[index], (hash & 0xFFFF_FFFF_0000_0000) | (uint)(offset + 1));
            _used++;
            Volatile.Write(ref _count, _count + 1);
        }

        public void RemoveAt(int index, int keyLength)
        {
            Volatile.Write(ref _slots[index], Tombstone);
            LiveBytes -= LengthBytes + keyLength;
            Volatile.Write(ref _count, _count - 1);
        }

        public void CopyLiveTo(Table target)
        {
            foreach (var slot in _slots)
            {
                if (slot is not (Empty or Tombstone))
                {
                    var offset = (int)(uint)slot - 1;
                    var key = _arena.AsSpan(offset + LengthBytes, StoredLength(_arena, offset));
                    target.Insert(key, SpanHash.Of(key));
                }
            }
        }

        private bool Matches(int offset, ReadOnlySpan<byte> key)
        {
            var arena = _arena;
            return StoredLength(arena, offset) == key.Length && arena.AsSpan(offset + LengthBytes, key.Length).SequenceEqual(key);
        }

        private static int StoredLength(byte[] arena, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(arena.AsSpan(offset));
    }
}
