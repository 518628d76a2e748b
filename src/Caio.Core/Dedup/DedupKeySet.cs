using Caio.Dedup.Internal;
using Caio.Internal;

namespace Caio.Dedup;

/// <summary>
/// A thread-safe set of <see cref="DedupKey"/>s that can be probed with a raw address without allocating:
/// <see cref="Contains(ReadOnlySpan{char})"/> canonicalizes into a stack buffer and looks the key up by span.
/// Safe for concurrent readers and writers; readers never lock.
/// </summary>
/// <remarks>
/// The keys live in a flat open-addressing table of 64-bit fingerprints with the key characters in one
/// contiguous arena, so a probe costs about one cache miss, plus one to check the key exactly on a hit.
/// </remarks>
public sealed class DedupKeySet
{
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
    public bool Add(DedupKey key) => _keys.Add(RequireValue(key));

    /// <summary>Canonicalizes a raw address and adds its key.</summary>
    /// <param name="rawAddress">The address as received.</param>
    /// <param name="reason">Why the address is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <returns><see langword="true"/> when the key was added; <see langword="false"/> when invalid or already present.</returns>
    public bool TryAdd(ReadOnlySpan<char> rawAddress, out InvalidEmailReason reason)
    {
        Span<char> buffer = stackalloc char[DedupKey.Prefix.Length + EmailCanonicalizer.MaxNormalizedLength];
        if (!_canonicalizer.TryWriteKey(rawAddress, buffer, out var written, out reason))
        {
            return false;
        }

        return _keys.Add(buffer[..written]);
    }

    /// <summary>Removes a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the key was present.</returns>
    public bool Remove(DedupKey key) => _keys.Remove(RequireValue(key));

    /// <summary>Whether the set holds a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(DedupKey key) => !key.IsEmpty && _keys.Contains(key.Value);

    /// <summary>
    /// Whether the set holds the key of a raw address. Does not allocate for ASCII addresses.
    /// An invalid address is never keyed, so it is never contained.
    /// </summary>
    /// <param name="rawAddress">The address as received, in any case, white space or alias form.</param>
    /// <returns><see langword="true"/> when the address's canonical key is present.</returns>
    public bool Contains(ReadOnlySpan<char> rawAddress) => Contains(rawAddress, out _);

    /// <summary>Whether the set holds the key of a raw address, reporting why an address is invalid.</summary>
    /// <param name="rawAddress">The address as received.</param>
    /// <param name="reason">Why the address is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <returns><see langword="true"/> when the address is valid and its canonical key is present.</returns>
    public bool Contains(ReadOnlySpan<char> rawAddress, out InvalidEmailReason reason)
    {
        Span<char> buffer = stackalloc char[DedupKey.Prefix.Length + EmailCanonicalizer.MaxNormalizedLength];
        return _canonicalizer.TryWriteKey(rawAddress, buffer, out var written, out reason)
            && _keys.Contains(buffer[..written]);
    }

    /// <summary>
    /// Whether the set holds the key of each raw address: <paramref name="results"/>[i] answers
    /// <paramref name="rawAddresses"/>[i] as <see cref="Contains(ReadOnlySpan{char})"/> would (an invalid or
    /// <see langword="null"/> address is never contained). For a list of addresses this is faster per address
    /// than one call each: the table reads of sixteen addresses at a time overlap instead of waiting on one another.
    /// Does not allocate for ASCII addresses.
    /// </summary>
    /// <param name="rawAddresses">The addresses as received.</param>
    /// <param name="results">One answer per address; at least as long as <paramref name="rawAddresses"/>.</param>
    /// <returns>How many of the addresses are contained.</returns>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="rawAddresses"/>.</exception>
    public int ContainsEach(ReadOnlySpan<string?> rawAddresses, Span<bool> results)
    {
        if (results.Length < rawAddresses.Length)
        {
            throw new ArgumentException($"results holds {results.Length} answers for {rawAddresses.Length} addresses.", nameof(results));
        }

        const int Group = 16;
        var keyLength = DedupKey.Prefix.Length + EmailCanonicalizer.MaxNormalizedLength;
        Span<char> keys = stackalloc char[Group * keyLength];
        Span<int> starts = stackalloc int[Group];
        Span<int> lengths = stackalloc int[Group];
        Span<ulong> hashes = stackalloc ulong[Group];
        Span<int> positions = stackalloc int[Group];
        Span<bool> found = stackalloc bool[Group];
        var contained = 0;
        var valid = 0;
        for (var i = 0; i < rawAddresses.Length; i++)
        {
            results[i] = false;
            var start = valid * keyLength;
            if (_canonicalizer.TryWriteKey(rawAddresses[i], keys.Slice(start, keyLength), out var written, out _))
            {
                starts[valid] = start;
                lengths[valid] = written;
                hashes[valid] = SpanHash.Of(keys.Slice(start, written));
                positions[valid++] = i;
            }

            if (valid == Group || (i == rawAddresses.Length - 1 && valid > 0))
            {
                _keys.ContainsEach(keys, starts[..valid], lengths[..valid], hashes[..valid], found[..valid]);
                for (var k = 0; k < valid; k++)
                {
                    results[positions[k]] = found[k];
                    contained += found[k] ? 1 : 0;
                }

                valid = 0;
            }
        }

        return contained;
    }

    /// <summary>Removes every key.</summary>
    public void Clear() => _keys.Clear();

    private static string RequireValue(DedupKey key) =>
        key.IsEmpty ? throw new ArgumentException("The default (empty) dedup key cannot be used.", nameof(key)) : key.Value;
}
