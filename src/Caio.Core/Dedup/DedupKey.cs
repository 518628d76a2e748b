using System.Diagnostics.CodeAnalysis;

namespace Caio.Dedup;

/// <summary>
/// The canonical dedup key of a recipient: <c>email:&lt;normalized address&gt;</c> (see
/// <see cref="EmailCanonicalizer"/>). Two keys are equal when their <see cref="Value"/>s are equal (ordinal).
/// Create keys with <see cref="EmailCanonicalizer.TryCreateKey(string, out DedupKey, out InvalidEmailReason)"/>
/// or <see cref="TryParse(string?, out DedupKey, out bool, EmailCanonicalizer?)"/>.
/// </summary>
public readonly record struct DedupKey
{
    /// <summary>The prefix of every key: <c>email:</c>.</summary>
    public const string Prefix = "email:";

    private readonly string? _value;

    internal DedupKey(string value) => _value = value;

    /// <summary>The key, <c>email:&lt;normalized address&gt;</c>; empty for <see langword="default"/>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is the <see langword="default"/> (empty) key, which no address produces.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>The normalized address, i.e. <see cref="Value"/> without its <c>email:</c> prefix.</summary>
    public string Address => _value is null ? string.Empty : _value[Prefix.Length..];

    /// <summary>
    /// Parses a stored key. Accepts canonical keys (<c>email:jane@example.com</c>) and legacy keys: a raw
    /// address without the prefix in any case, white space or alias form, or a prefixed key written under other
    /// rules. Throws when the address in it is invalid.
    /// </summary>
    /// <param name="text">The stored key.</param>
    /// <param name="canonicalizer">The canonicalizer to apply; <see cref="EmailCanonicalizer.Default"/> when <see langword="null"/>.</param>
    /// <returns>The canonical key.</returns>
    /// <exception cref="FormatException">The text holds no valid address; the message names the reason.</exception>
    public static DedupKey Parse(string text, EmailCanonicalizer? canonicalizer = null) => Parse(text, out _, canonicalizer);

    /// <summary>Parses a stored key (canonical or legacy), reporting whether it needs migrating.</summary>
    /// <param name="text">The stored key.</param>
    /// <param name="wasLegacy">
    /// <see langword="true"/> when <paramref name="text"/> is not exactly the canonical <see cref="Value"/>: the store
    /// should rewrite it.
    /// </param>
    /// <param name="canonicalizer">The canonicalizer to apply; <see cref="EmailCanonicalizer.Default"/> when <see langword="null"/>.</param>
    /// <returns>The canonical key.</returns>
    /// <exception cref="FormatException">The text holds no valid address; the message names the reason.</exception>
    public static DedupKey Parse(string text, out bool wasLegacy, EmailCanonicalizer? canonicalizer = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var key, out wasLegacy, out var reason, canonicalizer)
            ? key
            : throw new FormatException($"Invalid dedup key ({reason.ToWireName()}): {reason.Describe()}");
    }

    /// <summary>Tries to parse a stored key (canonical or legacy).</summary>
    /// <param name="text">The stored key.</param>
    /// <param name="key">The canonical key when valid.</param>
    /// <param name="wasLegacy">
    /// <see langword="true"/> when <paramref name="text"/> is not exactly the canonical <see cref="Value"/>: the store
    /// should rewrite it.
    /// </param>
    /// <param name="canonicalizer">The canonicalizer to apply; <see cref="EmailCanonicalizer.Default"/> when <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the text holds a valid address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DedupKey key, out bool wasLegacy, EmailCanonicalizer? canonicalizer = null) =>
        TryParse(text, out key, out wasLegacy, out _, canonicalizer);

    /// <summary>Tries to parse a stored key (canonical or legacy), reporting why it is invalid.</summary>
    /// <param name="text">The stored key.</param>
    /// <param name="key">The canonical key when valid.</param>
    /// <param name="wasLegacy">
    /// <see langword="true"/> when <paramref name="text"/> is not exactly the canonical <see cref="Value"/>: the store
    /// should rewrite it.
    /// </param>
    /// <param name="reason">Why the address in the text is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <param name="canonicalizer">The canonicalizer to apply; <see cref="EmailCanonicalizer.Default"/> when <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the text holds a valid address.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        out DedupKey key,
        out bool wasLegacy,
        out InvalidEmailReason reason,
        EmailCanonicalizer? canonicalizer = null)
    {
        key = default;
        wasLegacy = false;
        if (text is null)
        {
            reason = InvalidEmailReason.Empty;
            return false;
        }

        var address = text.AsSpan().Trim();
        if (address.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            // ':' is not allowed in an address, so the prefix is unambiguous.
            address = address[Prefix.Length..];
        }

        canonicalizer ??= EmailCanonicalizer.Default;
        Span<char> buffer = stackalloc char[Prefix.Length + EmailCanonicalizer.MaxNormalizedLength];
        if (!canonicalizer.TryWriteKey(address, buffer, out var written, out reason))
        {
            return false;
        }

        var canonical = buffer[..written];
        wasLegacy = !canonical.SequenceEqual(text);
        key = new DedupKey(wasLegacy ? new string(canonical) : text);
        return true;
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The key text.</returns>
    public override string ToString() => Value;
}
