using System.Buffers;
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
public sealed class EmailCanonicalizer
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

    private static readonly SearchValues<char> LocalPartChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.");

    private static readonly SearchValues<char> DomainChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

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

    private bool TryNormalizeNonAscii(ReadOnlySpan<char> trimmed, Span<char> destination, out int charsWritten, out InvalidEmailReason reason)
    {
        charsWritten = 0;
        string normalized;
        try
        {
            // Lower-case first, then compose: the result is both lower-case and NFC.
            normalized = trimmed.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Unpaired surrogates cannot be normalized.
            reason = InvalidEmailReason.InvalidCharacter;
            return false;
        }

        if (!TryFindAt(normalized, out var at, out reason))
        {
            return false;
        }

        var local = normalized.AsSpan(0, at);
        var domain = normalized.AsSpan(at + 1);
        if (local.IsEmpty)
        {
            reason = InvalidEmailReason.EmptyLocalPart;
            return false;
        }

        if (domain.IsEmpty)
        {
            reason = InvalidEmailReason.EmptyDomain;
            return false;
        }

        if (domain[0] == '[')
        {
            reason = InvalidEmailReason.IpLiteral;
            return false;
        }

        if (!Ascii.IsValid(domain))
        {
            string asciiDomain;
            try
            {
                // A fresh mapping per call: IdnMapping does not document its instances as thread-safe.
                var idn = new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false };
                asciiDomain = idn.GetAscii(normalized, at + 1);
            }
            catch (ArgumentException)
            {
                reason = InvalidEmailReason.IdnConversionFailed;
                return false;
            }

            domain = asciiDomain.AsSpan();
        }

        return TryNormalizeParts(local, domain, destination, alreadyLowerCase: true, out charsWritten, out reason);
    }

    private bool TrySplitAndNormalize(ReadOnlySpan<char> address, Span<char> destination, bool alreadyLowerCase, out int charsWritten, out InvalidEmailReason reason)
    {
        charsWritten = 0;
        if (!TryFindAt(address, out var at, out reason))
        {
            return false;
        }

        return TryNormalizeParts(address[..at], address[(at + 1)..], destination, alreadyLowerCase, out charsWritten, out reason);
    }

    private static bool TryFindAt(ReadOnlySpan<char> address, out int at, out InvalidEmailReason reason)
    {
        at = address.IndexOf('@');
        if (at < 0)
        {
            reason = InvalidEmailReason.MissingAt;
            return false;
        }

        if (address[(at + 1)..].Contains('@'))
        {
            reason = InvalidEmailReason.MultipleAt;
            return false;
        }

        reason = InvalidEmailReason.None;
        return true;
    }

    private bool TryNormalizeParts(
        ReadOnlySpan<char> local,
        ReadOnlySpan<char> domain,
        Span<char> destination,
        bool alreadyLowerCase,
        out int charsWritten,
        out InvalidEmailReason reason)
    {
        charsWritten = 0;
        reason = ValidateShape(local, domain);
        if (reason != InvalidEmailReason.None)
        {
            return false;
        }

        reason = ValidateLocalPart(local);
        if (reason != InvalidEmailReason.None)
        {
            return false;
        }

        reason = ValidateDomain(domain);
        if (reason != InvalidEmailReason.None)
        {
            return false;
        }

        var isGmail = _foldGmailAliases
            && (domain.Equals(GmailDomain, StringComparison.OrdinalIgnoreCase)
                || domain.Equals(GooglemailDomain, StringComparison.OrdinalIgnoreCase));

        if (isGmail || _foldPlusTags)
        {
            var plus = local.IndexOf('+');
            if (plus >= 0)
            {
                local = local[..plus];
                if (!isGmail && !local.IsEmpty && local[^1] == '.')
                {
                    reason = InvalidEmailReason.InvalidDotPlacement;
                    return false;
                }
            }
        }

        var outputDomain = isGmail ? GmailDomain.AsSpan() : domain;
        var localLength = isGmail ? local.Length - local.Count('.') : local.Length;
        if (localLength == 0)
        {
            reason = InvalidEmailReason.EmptyLocalPart;
            return false;
        }

        var required = localLength + 1 + outputDomain.Length;
        if (destination.Length < required)
        {
            throw new ArgumentException(
                $"The destination is too short for the normalized address ({required} characters needed; {MaxNormalizedLength} always suffice).",
                nameof(destination));
        }

        var written = isGmail
            ? WriteWithoutDots(local, destination)
            : WriteLowerCase(local, destination, alreadyLowerCase);
        destination[written++] = '@';
        written += WriteLowerCase(outputDomain, destination[written..], alreadyLowerCase: false);
        charsWritten = written;
        return true;
    }

    private static InvalidEmailReason ValidateShape(ReadOnlySpan<char> local, ReadOnlySpan<char> domain)
    {
        if (local.IsEmpty)
        {
            return InvalidEmailReason.EmptyLocalPart;
        }

        if (domain.IsEmpty)
        {
            return InvalidEmailReason.EmptyDomain;
        }

        if (local[0] == '"')
        {
            return InvalidEmailReason.QuotedLocalPart;
        }

        if (domain[0] == '[')
        {
            return InvalidEmailReason.IpLiteral;
        }

        if (local.Length > MaxLocalPartLength)
        {
            return InvalidEmailReason.LocalPartTooLong;
        }

        if (domain.Length > MaxDomainLength)
        {
            return InvalidEmailReason.DomainTooLong;
        }

        return local.Length + 1 + domain.Length > MaxNormalizedLength
            ? InvalidEmailReason.AddressTooLong
            : InvalidEmailReason.None;
    }

    private static InvalidEmailReason ValidateLocalPart(ReadOnlySpan<char> local)
    {
        var index = local.IndexOfAnyExcept(LocalPartChars);
        while (index >= 0)
        {
            if (!IsAllowedNonAscii(local[index]))
            {
                return InvalidEmailReason.InvalidCharacter;
            }

            var next = local[(index + 1)..].IndexOfAnyExcept(LocalPartChars);
            index = next < 0 ? -1 : index + 1 + next;
        }

        return local[0] == '.' || local[^1] == '.' || local.IndexOf("..", StringComparison.Ordinal) >= 0
            ? InvalidEmailReason.InvalidDotPlacement
            : InvalidEmailReason.None;
    }

    private static bool IsAllowedNonAscii(char c)
    {
        if (c < 0x80)
        {
            return false;
        }

        // Surrogates here are paired (NFC normalization rejected unpaired ones).
        if (char.IsSurrogate(c))
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is not (UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned);
    }

    private static InvalidEmailReason ValidateDomain(ReadOnlySpan<char> domain)
    {
        if (domain.ContainsAnyExcept(DomainChars))
        {
            return InvalidEmailReason.InvalidDomain;
        }

        var labels = 0;
        var lastLabelNumeric = false;
        var rest = domain;
        while (true)
        {
            var dot = rest.IndexOf('.');
            var label = dot < 0 ? rest : rest[..dot];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return InvalidEmailReason.InvalidDomain;
            }

            labels++;
            if (dot < 0)
            {
                lastLabelNumeric = !label.ContainsAnyExcept(Digits);
                break;
            }

            rest = rest[(dot + 1)..];
        }

        return labels < 2 || lastLabelNumeric ? InvalidEmailReason.InvalidDomain : InvalidEmailReason.None;
    }

    private static int WriteWithoutDots(ReadOnlySpan<char> local, Span<char> destination)
    {
        var written = 0;
        foreach (var c in local)
        {
            if (c != '.')
            {
                destination[written++] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
            }
        }

        return written;
    }

    private static int WriteLowerCase(ReadOnlySpan<char> source, Span<char> destination, bool alreadyLowerCase)
    {
        if (alreadyLowerCase)
        {
            source.CopyTo(destination);
            return source.Length;
        }

        // Only called with ASCII input when not already lower-cased.
        Ascii.ToLower(source, destination, out var written);
        return written;
    }
}
