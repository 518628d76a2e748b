using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace Caio.Dedup;

/// <summary>
/// Turns an email address into its canonical form and dedup key: trimmed, lower-cased, Unicode NFC,
/// internationalized domain in ASCII (punycode), provider aliases folded as configured. Invalid addresses are
/// rejected with an <see cref="InvalidEmailReason"/>, never keyed.
/// </summary>
/// <remarks>
/// Thread-safe. Addresses that are plain ASCII after trimming take a path that does not allocate; addresses
/// with other characters are normalized to NFC and their domain converted with <see cref="IdnMapping"/>,
/// which allocates.
/// </remarks>
public sealed partial class EmailCanonicalizer
{
    /// <summary>The longest normalized address (254 characters); a destination this long always suffices.</summary>
    public const int MaxNormalizedLength = 254;

    /// <summary>The longest accepted local part (64 characters).</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>The longest accepted domain in its ASCII form (253 characters).</summary>
    public const int MaxDomainLength = 253;

    private const int MaxLabelLength = 63;
    private const string GmailDomain = "gmail.com";
    private const string GooglemailDomain = "googlemail.com";

    // The same two domains in ASCII bytes, for the lookup probe.
    private static ReadOnlySpan<byte> GmailDomainBytes => "gmail.com"u8;

    private static ReadOnlySpan<byte> GooglemailDomainBytes => "googlemail.com"u8;

    private readonly bool _foldGmailAliases;
    private readonly bool _foldPlusTags;

    /// <summary>Creates a canonicalizer with the default options (Gmail aliases folded, other <c>+tags</c> kept).</summary>
    public EmailCanonicalizer()
        : this(new EmailCanonicalizerOptions())
    {
    }

    /// <summary>Creates a canonicalizer from options (section <c>Caio:Dedup</c>); the values are read once.</summary>
    /// <param name="options">The options.</param>
    public EmailCanonicalizer(IOptions<EmailCanonicalizerOptions> options)
        : this(GetValue(options))
    {
    }

    private EmailCanonicalizer(EmailCanonicalizerOptions options)
    {
        _foldGmailAliases = options.FoldGmailAliases;
        _foldPlusTags = options.FoldPlusTags;
    }

    /// <summary>A shared canonicalizer with the default options.</summary>
    public static EmailCanonicalizer Default { get; } = new();

    /// <summary>Whether Gmail dots and <c>+tags</c> are folded and <c>googlemail.com</c> becomes <c>gmail.com</c>.</summary>
    public bool FoldGmailAliases => _foldGmailAliases;

    /// <summary>Whether <c>+tags</c> are dropped on domains other than Gmail's.</summary>
    public bool FoldPlusTags => _foldPlusTags;

    /// <summary>
    /// Writes the normalized form of <paramref name="address"/> into <paramref name="destination"/>.
    /// Does not allocate when the trimmed address is plain ASCII.
    /// </summary>
    /// <param name="address">The address as received.</param>
    /// <param name="destination">
    /// Where the normalized address is written; <see cref="MaxNormalizedLength"/> characters always suffice.
    /// </param>
    /// <param name="charsWritten">The number of characters written (0 when invalid).</param>
    /// <param name="reason">Why the address is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <returns><see langword="true"/> when the address is valid and was written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the normalized address.</exception>
    public bool TryNormalize(ReadOnlySpan<char> address, Span<char> destination, out int charsWritten, out InvalidEmailReason reason)
    {
        charsWritten = 0;
        var trimmed = address.Trim();
        if (trimmed.IsEmpty)
        {
            reason = InvalidEmailReason.Empty;
            return false;
        }

        if (trimmed[0] == '"')
        {
            reason = InvalidEmailReason.QuotedLocalPart;
            return false;
        }

        if (TryNormalizeCommon(trimmed, destination, out charsWritten))
        {
            reason = InvalidEmailReason.None;
            return true;
        }

        if (Ascii.IsValid(trimmed))
        {
            return TrySplitAndNormalize(trimmed, destination, alreadyLowerCase: false, out charsWritten, out reason);
        }

        return TryNormalizeNonAscii(trimmed, destination, out charsWritten, out reason);
    }

    /// <summary>Returns the normalized form of <paramref name="address"/>, or <see langword="null"/> when it is invalid.</summary>
    /// <param name="address">The address as received.</param>
    /// <param name="reason">Why the address is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <returns>The normalized address, or <see langword="null"/>.</returns>
    public string? Normalize(string address, out InvalidEmailReason reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<char> buffer = stackalloc char[MaxNormalizedLength];
        return TryNormalize(address, buffer, out var written, out reason) ? new string(buffer[..written]) : null;
    }

    /// <summary>Creates the dedup key (<c>email:&lt;normalized address&gt;</c>) of an address.</summary>
    /// <param name="address">The address as received.</param>
    /// <param name="key">The key when the address is valid.</param>
    /// <param name="reason">Why the address is invalid, or <see cref="InvalidEmailReason.None"/>.</param>
    /// <returns><see langword="true"/> when the address is valid.</returns>
    public bool TryCreateKey(string address, out DedupKey key, out InvalidEmailReason reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        return TryCreateKey(address.AsSpan(), out key, out reason);
    }

    /// <summary>Creates the dedup key of an address, throwing when it is invalid.</summary>
    /// <param name="address">The address as received.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The address is invalid; the message names the reason's wire name.</exception>
    public DedupKey CreateKey(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return TryCreateKey(address.AsSpan(), out var key, out var reason)
            ? key
            : throw new FormatException($"Invalid email address ({reason.ToWireName()}): {reason.Describe()}");
    }

    internal bool TryCreateKey(ReadOnlySpan<char> address, out DedupKey key, out InvalidEmailReason reason)
    {
        Span<char> buffer = stackalloc char[DedupKey.Prefix.Length + MaxNormalizedLength];
        if (TryWriteKey(address, buffer, out var written, out reason))
        {
            key = new DedupKey(new string(buffer[..written]));
            return true;
        }

        key = default;
        return false;
    }

    /// <summary>Writes <c>email:&lt;normalized&gt;</c>; the destination must hold the prefix plus <see cref="MaxNormalizedLength"/>.</summary>
    internal bool TryWriteKey(ReadOnlySpan<char> address, Span<char> destination, out int charsWritten, out InvalidEmailReason reason)
    {
        DedupKey.Prefix.CopyTo(destination);
        if (TryNormalize(address, destination[DedupKey.Prefix.Length..], out var written, out reason))
        {
            charsWritten = DedupKey.Prefix.Length + written;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    private static EmailCanonicalizerOptions GetValue(IOptions<EmailCanonicalizerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value ?? new EmailCanonicalizerOptions();
    }
}
