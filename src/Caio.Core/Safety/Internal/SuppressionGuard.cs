using Caio.Dedup;
using Caio.Leads;

namespace Caio.Safety.Internal;

/// <summary>
/// Layer 4: invalid recipients, persistent suppression (unsubscribe, bounces), blocked domains and
/// addresses, role and disposable addresses.
/// </summary>
internal sealed class SuppressionGuard : ISendGuard
{
    private static readonly string[] BuiltInRoleLocalParts =
    [
        "abuse", "accounting", "accounts", "admin", "administrator", "billing", "careers", "contact",
        "customerservice", "do-not-reply", "donotreply", "enquiries", "hello", "help", "helpdesk", "hostmaster",
        "hr", "info", "inquiries", "jobs", "legal", "mail", "marketing", "media", "no-reply", "noreply",
        "office", "postmaster", "press", "privacy", "recruiting", "sales", "security", "service", "support",
        "team", "webmaster",
    ];

    private static readonly string[] BuiltInDisposableDomains =
    [
        "10minutemail.com", "burnermail.io", "discard.email", "dispostable.com", "emailondeck.com",
        "fakeinbox.com", "getnada.com", "guerrillamail.com", "guerrillamail.net", "mailinator.com",
        "maildrop.cc", "mintemail.com", "mohmal.com", "sharklasers.com", "spamgourmet.com", "temp-mail.org",
        "tempmail.com", "throwawaymail.com", "trashmail.com", "yopmail.com",
    ];

    private readonly SuppressionStore _store;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _blockedDomains;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _disposableDomains;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _blockedEmails;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _roleLocalParts;
    private readonly bool _hasBlockedDomains;
    private readonly bool _hasBlockedEmails;
    private readonly bool _blockRoles;
    private readonly bool _blockDisposable;

    private readonly EmailCanonicalizer _canonicalizer;

    public SuppressionGuard(SuppressionStore store, SuppressionOptions options)
    {
        _store = store;
        _canonicalizer = store.Canonicalizer;

        // Configured domains and addresses are normalized exactly as recipient keys are (lower case,
        // NFC, internationalized domains in punycode, aliases folded), so that they can match them.
        _blockedDomains = BuildSet(options.BlockedDomains.Select(d => NormalizeDomain(_canonicalizer, d))).GetAlternateLookup<ReadOnlySpan<char>>();
        _hasBlockedDomains = _blockedDomains.Set.Count > 0;
        _blockedEmails = BuildSet(options.BlockedEmails.Select(e => NormalizeEmail(_canonicalizer, e))).GetAlternateLookup<ReadOnlySpan<char>>();
        _hasBlockedEmails = _blockedEmails.Set.Count > 0;
        _roleLocalParts = BuildSet(BuiltInRoleLocalParts.Concat(options.RoleLocalParts.Select(p => p.Trim().TrimEnd('@')))).GetAlternateLookup<ReadOnlySpan<char>>();
        _disposableDomains = BuildSet(BuiltInDisposableDomains.Concat(options.DisposableDomains.Select(d => NormalizeDomain(_canonicalizer, d)))).GetAlternateLookup<ReadOnlySpan<char>>();
        _blockRoles = options.BlockRoleAddresses;
        _blockDisposable = options.BlockDisposableDomains;
    }

    public string Name => "suppression";

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
    {
        var key = context.RecipientKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            return new(GuardDecision.Deny(ReasonCodes.InvalidRecipient, "recipient key is empty"));
        }

        var isEmailKey = key.StartsWith("email:", StringComparison.Ordinal);
        ReadOnlySpan<char> address = default;
        ReadOnlySpan<char> local = default;
        ReadOnlySpan<char> emailDomain = default;
        if (isEmailKey)
        {
            address = key.AsSpan(6);
            var at = address.LastIndexOf('@');
            if (at <= 0 || at == address.Length - 1)
            {
                return new(GuardDecision.Deny(ReasonCodes.InvalidRecipient, "email key is not an address"));
            }

            local = address[..at];
            emailDomain = address[(at + 1)..];
        }
        else if (context.Channel == Channel.Email)
        {
            return new(GuardDecision.Deny(ReasonCodes.InvalidRecipient, "email send without an email: recipient key"));
        }

        var decision = CheckStatic(context, address, local, emailDomain);
        return decision.IsAllowed ? CheckStoreAsync(context, isEmailKey, cancellationToken) : new(decision);
    }

    /// <summary>
    /// The suppressed domains, then the recipient's entry; without an async frame when the store answers
    /// synchronously (in memory). Only a record that is definitely absent means "not suppressed": anything
    /// unreadable refuses.
    /// </summary>
    private ValueTask<GuardEvaluation> CheckStoreAsync(SendContext context, bool isEmailKey, CancellationToken cancellationToken)
    {
        try
        {
            var domains = _store.SuppressedDomainsAsync(cancellationToken);
            if (!domains.IsCompletedSuccessfully)
            {
                return CheckStoreSlowAsync(domains, context, isEmailKey, cancellationToken);
            }

            if (domains.Result.Count > 0 && IsDomainSuppressed(domains.Result, context, isEmailKey))
            {
                return new(DomainSuppressed());
            }

            var entry = _store.GetAsync(context.RecipientKey, cancellationToken);
            return entry.IsCompletedSuccessfully ? new(Decide(entry.Result)) : CheckEntrySlowAsync(entry);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new(Unreadable(ex));
        }
    }

    private async ValueTask<GuardEvaluation> CheckStoreSlowAsync(ValueTask<HashSet<string>> pending, SendContext context, bool isEmailKey, CancellationToken cancellationToken)
    {
        SuppressionEntry? entry;
        try
        {
            var domains = await pending.ConfigureAwait(false);
            if (domains.Count > 0 && IsDomainSuppressed(domains, context, isEmailKey))
            {
                return DomainSuppressed();
            }

            entry = await _store.GetAsync(context.RecipientKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unreadable(ex);
        }

        return Decide(entry);
    }

    private async ValueTask<GuardEvaluation> CheckEntrySlowAsync(ValueTask<SuppressionEntry?> pending)
    {
        SuppressionEntry? entry;
        try
        {
            entry = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unreadable(ex);
        }

        return Decide(entry);
    }

    private GuardEvaluation Decide(SuppressionEntry? entry)
    {
        var reason = _store.ReasonFor(entry);
        return reason is null ? GuardEvaluation.Allowed : GuardDecision.Deny(reason);
    }

    private static GuardDecision DomainSuppressed() => GuardDecision.Deny(ReasonCodes.BlockedDomain, "the recipient's domain is suppressed");

    private static GuardDecision Unreadable(Exception ex) =>
        GuardDecision.Deny(ReasonCodes.SuppressionUnreadable, $"suppression record could not be read: {ex.Message}");

    private GuardDecision CheckStatic(SendContext context, ReadOnlySpan<char> address, ReadOnlySpan<char> local, ReadOnlySpan<char> emailDomain)
    {
        if (_hasBlockedDomains)
        {
            if (!emailDomain.IsEmpty && MatchesDomain(_blockedDomains, emailDomain))
            {
                return GuardDecision.Deny(ReasonCodes.BlockedDomain, "address domain is blocked");
            }

            if (MatchesNormalized(_blockedDomains, context.RecipientDomain))
            {
                return GuardDecision.Deny(ReasonCodes.BlockedDomain, "recipient domain is blocked");
            }

            if (MatchesNormalized(_blockedDomains, context.CompanyDomain))
            {
                return GuardDecision.Deny(ReasonCodes.BlockedDomain, "the recipient's company domain is blocked");
            }
        }

        if (address.IsEmpty)
        {
            return GuardDecision.Allow;
        }

        if (_hasBlockedEmails && _blockedEmails.Contains(address))
        {
            return GuardDecision.Deny(ReasonCodes.BlockedEmail);
        }

        if (_blockRoles)
        {
            var plus = local.IndexOf('+');
            var bare = plus > 0 ? local[..plus] : local;
            if (_roleLocalParts.Contains(bare))
            {
                return GuardDecision.Deny(ReasonCodes.RoleAddress);
            }
        }

        if (_blockDisposable && MatchesDomain(_disposableDomains, emailDomain))
        {
            return GuardDecision.Deny(ReasonCodes.DisposableAddress);
        }

        return GuardDecision.Allow;
    }

    /// <summary>Whether the address domain, recipient domain or company domain of the send is a suppressed domain.</summary>
    private bool IsDomainSuppressed(HashSet<string> domains, SendContext context, bool isEmailKey)
    {
        var lookup = domains.GetAlternateLookup<ReadOnlySpan<char>>();
        var key = context.RecipientKey;
        return (isEmailKey && MatchesNormalized(lookup, key.AsSpan(key.LastIndexOf('@') + 1)))
            || MatchesNormalized(lookup, context.RecipientDomain)
            || MatchesNormalized(lookup, context.CompanyDomain);
    }

    /// <summary>Whether a domain as written (see <see cref="NormalizeDomain(EmailCanonicalizer, string)"/>) or a parent of it is in the set.</summary>
    private bool MatchesNormalized(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> set, ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[EmailCanonicalizer.MaxNormalizedLength];
        return domain.Length + 2 <= EmailCanonicalizer.MaxNormalizedLength
            ? MatchesDomain(set, NormalizeDomain(_canonicalizer, domain, buffer))
            : MatchesDomain(set, NormalizeDomain(_canonicalizer, domain.ToString()));
    }

    /// <summary>Whether the domain or one of its parent domains is in the set.</summary>
    internal static bool MatchesDomain(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> set, ReadOnlySpan<char> domain)
    {
        domain = domain.TrimEnd('.');
        while (!domain.IsEmpty)
        {
            if (set.Contains(domain))
            {
                return true;
            }

            var dot = domain.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            domain = domain[(dot + 1)..];
        }

        return false;
    }

    private static HashSet<string> BuildSet(IEnumerable<string> values)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                set.Add(value);
            }
        }

        return set;
    }

    /// <summary>
    /// A domain as it appears in recipient keys: leading <c>@</c>, <c>.</c> or <c>*.</c> and a trailing
    /// dot dropped, then canonicalized as the domain of an address (lower case, NFC, punycode). A value
    /// that is not a valid domain is kept trimmed and lower-cased; the options validator reports it.
    /// </summary>
    internal static string NormalizeDomain(EmailCanonicalizer canonicalizer, string value)
    {
        var trimmed = value.Trim().TrimStart('@', '.', '*').TrimEnd('.');
        if (trimmed.Length == 0)
        {
            return trimmed;
        }

        var normalized = canonicalizer.Normalize("x@" + trimmed, out _);
        return normalized is null ? trimmed.ToLowerInvariant() : normalized[(normalized.LastIndexOf('@') + 1)..];
    }

    /// <summary>
    /// <see cref="NormalizeDomain(EmailCanonicalizer, string)"/> into <paramref name="buffer"/> (at least
    /// <see cref="EmailCanonicalizer.MaxNormalizedLength"/> characters, the value at most two fewer), without
    /// allocating for ASCII domains.
    /// </summary>
    internal static ReadOnlySpan<char> NormalizeDomain(EmailCanonicalizer canonicalizer, ReadOnlySpan<char> value, Span<char> buffer)
    {
        var trimmed = value.Trim().TrimStart("@.*").TrimEnd('.');
        if (trimmed.IsEmpty)
        {
            return trimmed;
        }

        Span<char> address = stackalloc char[trimmed.Length + 2];
        address[0] = 'x';
        address[1] = '@';
        trimmed.CopyTo(address[2..]);
        if (canonicalizer.TryNormalize(address, buffer, out var written, out _))
        {
            var normalized = buffer[..written];
            return normalized[(normalized.LastIndexOf('@') + 1)..];
        }

        var lower = buffer[..trimmed.Length];
        trimmed.ToLowerInvariant(lower);
        return lower;
    }

    /// <summary>An address as it appears in recipient keys (without the <c>email:</c> prefix), or trimmed when invalid.</summary>
    internal static string NormalizeEmail(EmailCanonicalizer canonicalizer, string value)
    {
        var trimmed = value.Trim();
        var address = trimmed.StartsWith(DedupKey.Prefix, StringComparison.OrdinalIgnoreCase) ? trimmed[DedupKey.Prefix.Length..] : trimmed;
        return canonicalizer.Normalize(address, out _) ?? address;
    }
}
