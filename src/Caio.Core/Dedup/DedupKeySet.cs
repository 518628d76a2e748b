using System.Runtime.CompilerServices;
using System.Text;
using Caio.Dedup.Internal;
using Caio.Internal;

namespace Caio.Dedup;

/// <summary>
/// A thread-safe set of <see cref="DedupKey"/>s that can be probed with a raw address without allocating:
/// <see cref="Contains(ReadOnlySpan{char})"/> writes the form to look up into a stack buffer and looks it up by span.
/// Safe for concurrent readers and writers; readers never lock.
/// </summary>
/// <remarks>
/// The keys live in a flat open-addressing table of 64-bit fingerprints with the normalized addresses (the keys
/// without their common <c>email:</c> prefix, in UTF-8) in one contiguous byte arena, so a probe costs about one
/// cache miss, plus one to check the address exactly on a hit. A raw ASCII address is probed as itself lower-cased, without the
/// full validation: the set holds only valid canonical keys, and an ASCII address that nothing folds is either
/// invalid or canonical once lower-cased, so the probe finds it exactly when its key is present.
/// </remarks>
public sealed class DedupKeySet
{
    // A normalized address in UTF-8: at most three bytes per UTF-16 code unit.
    private const int MaxAddressBytes = EmailCanonicalizer.MaxNormalizedLength * 3;

    private readonly FingerprintTable _keys = new();
    private readonly EmailCanonicalizer _canonicalizer;

    /// <summary>Creates an empty set that canonicalizes raw addresses with <see cref="EmailCanonicalizer.Default"/>.</summary>
    public DedupKeySet()
        : this(EmailCanonicalizer.Default)
    {
    }

    /// <summary>Creates an empty set that canonicalizes raw addresses with <paramref name="canonicalizer"/>.</summary>
    /// <param name="canonicalizer">The canonicalizer; use the one that created the keys added to the set.</param>
    public DedupKeySet(EmailCanonicalizer canonicalizer)
    {
        ArgumentNullException.ThrowIfNull(canonicalizer);
        _canonicalizer = canonicalizer;
    }

    /// <summary>The number of keys in the set.</summary>
    public int Count => _keys.Count;

    /// <summary>Adds a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the key was added; <see langword="false"/> when it was already present.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is the empty default key.</exception>
    public bool Add(DedupKey key)
    {
        Span<byte> buffer = stackalloc byte[MaxAddressBytes];
        return _keys.Add(AddressBytes(key, buffer));
    }

    /// <summary>Canonicalizes a raw address and adds its key.</summary>
    /// <param name="rawAddress">The address as received.</param>
    /// <param name="reason">Why the address is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <returns><see langword="true"/> when the key was added; <see langword="false"/> when invalid or already present.</returns>
    public bool TryAdd(ReadOnlySpan<char> rawAddress, out InvalidEmailReason reason)
    {
        Span<byte> buffer = stackalloc byte[MaxAddressBytes];
        return TryWriteNormalized(rawAddress, buffer, out var written, out reason) && _keys.Add(buffer[..written]);
    }

    /// <summary>Removes a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the key was present.</returns>
    public bool Remove(DedupKey key)
    {
        Span<byte> buffer = stackalloc byte[MaxAddressBytes];
        return _keys.Remove(AddressBytes(key, buffer));
    }

    /// <summary>Whether the set holds a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(DedupKey key)
    {
        if (key.IsEmpty)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[MaxAddressBytes];
        return _keys.Contains(AddressBytes(key, buffer));
    }

    /// <summary>
    /// Whether the set holds the key of a raw address. Does not allocate for ASCII addresses.
    /// An invalid address is never keyed, so it is never contained.
    /// </summary>
    /// <param name="rawAddress">The address as received, in any case, white space or alias form.</param>
    /// <returns><see langword="true"/> when the address's canonical key is present.</returns>
    public bool Contains(ReadOnlySpan<char> rawAddress)
    {
        Span<byte> buffer = stackalloc byte[MaxAddressBytes];
        return TryWriteProbe(rawAddress, buffer, out var written) && _keys.Contains(buffer[..written]);
    }

    /// <summary>Whether the set holds the key of a raw address, reporting why an address is invalid.</summary>
    /// <param name="rawAddress">The address as received.</param>
    /// <param name="reason">Why the address is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <returns><see langword="true"/> when the address is valid and its canonical key is present.</returns>
    public bool Contains(ReadOnlySpan<char> rawAddress, out InvalidEmailReason reason)
    {
        Span<byte> buffer = stackalloc byte[MaxAddressBytes];
        return TryWriteNormalized(rawAddress, buffer, out var written, out reason) && _keys.Contains(buffer[..written]);
    }

    /// <summary>
    /// Whether the set holds the key of each raw address: <paramref name="results"/>[i] answers
    /// <paramref name="rawAddresses"/>[i] as <see cref="Contains(ReadOnlySpan{char})"/> would at some moment during
    /// the call (an invalid or <see langword="null"/> address is never contained; the table is read afresh for every
    /// sixteen addresses). For a list of addresses this is faster per address than one call each: the processor keys
    /// and compares some addresses while the table reads of others are on their way. Does not allocate for ASCII
    /// addresses.
    /// </summary>
    /// <param name="rawAddresses">The addresses as received.</param>
    /// <param name="results">One answer per address; at least as long as <paramref name="rawAddresses"/>.</param>
    /// <returns>How many of the addresses are contained.</returns>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="rawAddresses"/>.</exception>
    [SkipLocalsInit] // about 37 KB of key buffers, each written before it is read
    public int ContainsEach(ReadOnlySpan<string?> rawAddresses, Span<bool> results)
    {
        if (results.Length < rawAddresses.Length)
        {
            throw new ArgumentException($"results holds {results.Length} answers for {rawAddresses.Length} addresses.", nameof(results));
        }

        // Three groups of sixteen are in flight at once, one per stage: the newest is keyed and its home slots
        // prefetched; the one before reads those slots and prefetches the stored keys they point at; the oldest
        // compares. Each stage's memory therefore arrives while the processor keys and compares other addresses.
        const int Group = 16;
        const int Stages = 3;
        var tables = default(GroupTables);
        Span<byte> keys = stackalloc byte[Stages * Group * MaxAddressBytes];
        Span<int> lengths = stackalloc int[Stages * Group];
        Span<ulong> hashes = stackalloc ulong[Stages * Group];
        Span<ulong> homes = stackalloc ulong[Stages * Group];
        Span<int> positions = stackalloc int[Stages * Group];
        Span<int> counts = stackalloc int[Stages];
        counts.Clear();
        results[..rawAddresses.Length].Clear();
        var contained = 0;
        var next = 0;
        for (var step = 0; step < 2 || counts[(step + 2) % Stages] + counts[(step + 1) % Stages] > 0 || next < rawAddresses.Length; step++)
        {
            // The ring positions of this step's three groups: keyed now, keyed a step ago, keyed two steps ago.
            var newest = step % Stages;
            var middle = (step + 2) % Stages;
            var oldest = (step + 1) % Stages;

            // Key the newest group: up to sixteen valid addresses, each probe form written, hashed and its home slot prefetched.
            var ring = newest * Group;
            var count = 0;

            // Each group reads the table as it is when the group starts: a key added meanwhile is seen by later groups.
            var table = tables[newest] = _keys.Snapshot();
            while (count < Group && next < rawAddresses.Length)
            {
                var at = ring + count;
                var key = keys.Slice(at * MaxAddressBytes, MaxAddressBytes);
                if (TryWriteProbe(rawAddresses[next], key, out var written))
                {
                    lengths[at] = written;
                    hashes[at] = SpanHash.Of(key[..written]);
                    table.PrefetchHome(hashes[at]);
                    positions[at] = next;
                    count++;
                }

                next++;
            }

            counts[newest] = count;

            // The group before: read its home slots (prefetched a group ago) and prefetch the keys they point at.
            if (step >= 1)
            {
                var previous = middle * Group;
                var previousTable = tables[middle]!;
                for (var k = 0; k < counts[middle]; k++)
                {
                    homes[previous + k] = previousTable.ReadHome(hashes[previous + k], lengths[previous + k]);
                }
            }

            // The oldest: compare, with the stored keys in the cache by now.
            if (step >= 2)
            {
                var first = oldest * Group;
                var oldestTable = tables[oldest]!;
                for (var k = 0; k < counts[oldest]; k++)
                {
                    var at = first + k;
                    if (oldestTable.Resolve(keys.Slice(at * MaxAddressBytes, lengths[at]), hashes[at], homes[at]))
                    {
                        results[positions[at]] = true;
                        contained++;
                    }
                }

                counts[oldest] = 0;
            }
        }

        return contained;
    }

    /// <summary>Removes every key.</summary>
    public void Clear() => _keys.Clear();

    /// <summary>The table each of the three groups in flight in <see cref="ContainsEach"/> reads.</summary>
    [InlineArray(3)]
    private struct GroupTables
    {
        private FingerprintTable.Table? _first;
    }

    /// <summary>The key's normalized address in UTF-8, as the table holds it.</summary>
    private static ReadOnlySpan<byte> AddressBytes(DedupKey key, Span<byte> buffer)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("The default (empty) dedup key cannot be used.", nameof(key));
        }

        return buffer[..Encoding.UTF8.GetBytes(key.Value.AsSpan(DedupKey.Prefix.Length), buffer)];
    }

    /// <summary>Writes the form of a raw address the table is asked for; <see langword="false"/> when no key can match.</summary>
    internal bool TryWriteProbe(ReadOnlySpan<char> rawAddress, Span<byte> destination, out int written) =>
        _canonicalizer.WriteProbe(rawAddress, destination, out written) switch
        {
            ProbeForm.Written => true,
            ProbeForm.NeverContained => false,
            _ => TryWriteNormalized(rawAddress, destination, out written, out _),
        };

    /// <summary>Normalizes a raw address in full and writes it in UTF-8, as the table holds it.</summary>
    private bool TryWriteNormalized(ReadOnlySpan<char> rawAddress, Span<byte> destination, out int written, out InvalidEmailReason reason)
    {
        Span<char> normalized = stackalloc char[EmailCanonicalizer.MaxNormalizedLength];
        if (!_canonicalizer.TryNormalize(rawAddress, normalized, out var length, out reason))
        {
            written = 0;
            return false;
        }

        written = Encoding.UTF8.GetBytes(normalized[..length], destination);
        return true;
    }
}
