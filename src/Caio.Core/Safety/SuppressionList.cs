using Caio.Audit;
using Caio.Dedup;

namespace Caio.Safety;

/// <summary>
/// Suppressions a person records by hand — an opt-out by phone, a bounce seen elsewhere, a domain that
/// asked not to be contacted — with a reason, audited (<c>suppression.added</c>, <c>suppression.removed</c>).
/// They live in the same <see cref="SuppressionStore"/> the safety chain reads, so they apply from the next check on.
/// </summary>
/// <param name="store">The suppression store.</param>
/// <param name="audit">The audit trail.</param>
/// <param name="timeProvider">The clock.</param>
public sealed class SuppressionList(SuppressionStore store, IAuditLog audit, TimeProvider timeProvider)
{
    private readonly SuppressionStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly IAuditLog _audit = audit ?? throw new ArgumentNullException(nameof(audit));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Adds a suppression.</summary>
    /// <param name="kind">Unsubscribe, hard bounce, domain or address (a soft bounce is recorded by bounces only).</param>
    /// <param name="value">An address (for every kind but domain) or a domain.</param>
    /// <param name="reason">Why (required).</param>
    /// <param name="actor">Who adds it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The suppression as listed.</returns>
    /// <exception cref="ArgumentException">The value is not an address (or domain), the reason is empty, or the kind is a soft bounce.</exception>
    public async ValueTask<SuppressionListing> AddAsync(SuppressionKind kind, string value, string reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("a reason is required (--reason).", nameof(reason));
        }

        var now = _timeProvider.GetUtcNow();
        SuppressionListing listing;
        if (kind == SuppressionKind.Domain)
        {
            var domain = Domain(value);
            await _store.AddDomainAsync(new DomainSuppression { Domain = domain, At = now, Reason = reason, By = actor }, cancellationToken).ConfigureAwait(false);
            listing = new SuppressionListing(kind, domain, ReasonCodes.BlockedDomain, now, reason, actor, null);
        }
        else
        {
            var key = Address(value);
            Func<SuppressionEntry, SuppressionEntry> change = kind switch
            {
                SuppressionKind.Unsubscribe => e => e with { Unsubscribed = true, UnsubscribedAt = e.UnsubscribedAt ?? now, Reason = reason, By = actor },
                SuppressionKind.HardBounce => e => e with { HardBounced = true, HardBouncedAt = e.HardBouncedAt ?? now, Reason = reason, By = actor },
                SuppressionKind.Address => e => e with { Blocked = true, BlockedAt = e.BlockedAt ?? now, Reason = reason, By = actor },
                _ => throw new ArgumentException("a soft bounce is recorded by bounces only; add an unsubscribe, hard_bounce, domain or address.", nameof(kind)),
            };
            await _store.UpdateAsync(key, change, cancellationToken).ConfigureAwait(false);
            listing = new SuppressionListing(kind, key[DedupKey.Prefix.Length..], CodeOf(kind), now, reason, actor, null);
        }

        await _audit.AppendAsync(Record(AuditActions.SuppressionAdded, kind, listing.Value, reason, actor, now), cancellationToken).ConfigureAwait(false);
        return listing;
    }

    /// <summary>Removes a suppression of one kind (for example a bounce recorded in error).</summary>
    /// <param name="kind">The kind to remove.</param>
    /// <param name="value">The address or domain.</param>
    /// <param name="reason">Why (recorded).</param>
    /// <param name="actor">Who removes it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when such a suppression existed and was removed.</returns>
    /// <exception cref="ArgumentException">The value is not an address (or domain).</exception>
    public async ValueTask<bool> RemoveAsync(SuppressionKind kind, string value, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        bool removed;
        string shown;
        if (kind == SuppressionKind.Domain)
        {
            shown = Domain(value);
            removed = await _store.RemoveDomainAsync(shown, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var key = Address(value);
            shown = key[DedupKey.Prefix.Length..];
            var entry = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            removed = entry is not null && kind switch
            {
                SuppressionKind.Unsubscribe => entry.Unsubscribed,
                SuppressionKind.HardBounce => entry.HardBounced,
                SuppressionKind.Address => entry.Blocked,
                _ => entry.SoftBounces > 0,
            };
            if (removed)
            {
                var after = await _store.UpdateAsync(key, e => kind switch
                {
                    SuppressionKind.Unsubscribe => e with { Unsubscribed = false, UnsubscribedAt = null },
                    SuppressionKind.HardBounce => e with { HardBounced = false, HardBouncedAt = null },
                    SuppressionKind.Address => e with { Blocked = false, BlockedAt = null },
                    _ => e with { SoftBounces = 0, LastSoftBounceAt = null, SoftBounceEvents = null },
                }, cancellationToken).ConfigureAwait(false);
                if (!after.Unsubscribed && !after.HardBounced && !after.Blocked && after.SoftBounces == 0)
                {
                    await _store.ClearAsync(key, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (removed)
        {
            await _audit.AppendAsync(Record(AuditActions.SuppressionRemoved, kind, shown, reason, actor, _timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    /// <summary>Every suppression: addresses (one line per kind that applies) then domains.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The suppressions.</returns>
    public async ValueTask<IReadOnlyList<SuppressionListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        var listings = new List<SuppressionListing>();
        foreach (var key in await _store.ListKeysAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } e)
            {
                continue;
            }

            var shown = key.StartsWith(DedupKey.Prefix, StringComparison.Ordinal) ? key[DedupKey.Prefix.Length..] : key;
            if (e.Unsubscribed)
            {
                listings.Add(new SuppressionListing(SuppressionKind.Unsubscribe, shown, ReasonCodes.SuppressedUnsubscribed, e.UnsubscribedAt, e.Reason, e.By, e.Source));
            }

            if (e.HardBounced)
            {
                listings.Add(new SuppressionListing(SuppressionKind.HardBounce, shown, ReasonCodes.SuppressedHardBounce, e.HardBouncedAt, e.Reason, e.By, e.Source));
            }

            if (e.Blocked)
            {
                listings.Add(new SuppressionListing(SuppressionKind.Address, shown, ReasonCodes.BlockedEmail, e.BlockedAt, e.Reason, e.By, e.Source));
            }

            if (e.SoftBounces >= _store.SoftBounceStrikes)
            {
                listings.Add(new SuppressionListing(SuppressionKind.SoftBounce, shown, ReasonCodes.SuppressedSoftBounce, e.LastSoftBounceAt, null, null, e.Source));
            }
        }

        foreach (var domain in await _store.ListDomainsAsync(cancellationToken).ConfigureAwait(false))
        {
            listings.Add(new SuppressionListing(SuppressionKind.Domain, domain.Domain, ReasonCodes.BlockedDomain, domain.At, domain.Reason, domain.By, null));
        }

        return listings;
    }

    private static string CodeOf(SuppressionKind kind) => kind switch
    {
        SuppressionKind.Unsubscribe => ReasonCodes.SuppressedUnsubscribed,
        SuppressionKind.HardBounce => ReasonCodes.SuppressedHardBounce,
        SuppressionKind.Address => ReasonCodes.BlockedEmail,
        SuppressionKind.SoftBounce => ReasonCodes.SuppressedSoftBounce,
        _ => ReasonCodes.BlockedDomain,
    };

    private static AuditRecord Record(string action, SuppressionKind kind, string value, string? reason, string actor, DateTimeOffset at) => new()
    {
        At = at,
        Action = action,
        Actor = actor,
        RecipientKey = kind == SuppressionKind.Domain ? "domain:" + value : DedupKey.Prefix + value,
        ReasonCode = CodeOf(kind),
        Detail = reason,
    };

    private string Address(string value)
    {
        var trimmed = (value ?? string.Empty).Trim();
        var address = trimmed.StartsWith(DedupKey.Prefix, StringComparison.OrdinalIgnoreCase) ? trimmed[DedupKey.Prefix.Length..] : trimmed;
        return _store.Canonicalizer.TryCreateKey(address, out var key, out var invalid)
            ? key.Value
            : throw new ArgumentException($"'{value}' is not an email address. {invalid.Describe()}", nameof(value));
    }

    private string Domain(string value)
    {
        var domain = _store.NormalizeDomain(value ?? string.Empty);
        return domain.Length > 0 && domain.Contains('.', StringComparison.Ordinal) && !domain.Contains('@', StringComparison.Ordinal)
            ? domain
            : throw new ArgumentException($"'{value}' is not a domain (e.g. example.com).", nameof(value));
    }
}
