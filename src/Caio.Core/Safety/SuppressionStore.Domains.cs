using System.Text.Json;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>Domain suppressions and the index that lists every suppression.</summary>
public sealed partial class SuppressionStore
{
    /// <summary>Index of every recipient key with a suppression entry (member: canonical key; score: last change, Unix ms).</summary>
    internal const string ListIndex = "suppression:list";

    /// <summary>Index of suppressed domains (member: normalized domain; score: when added, Unix ms).</summary>
    internal const string DomainIndex = "suppression:domains";

    private const string DomainPrefix = "suppression-domain:";

    /// <summary>The answer while nothing is suppressed by domain (the usual case); shared, never changed.</summary>
    private static readonly HashSet<string> NoDomains = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical recipient keys that have a suppression entry, in order of their last change.</summary>
    internal async ValueTask<IReadOnlyList<string>> ListKeysAsync(CancellationToken cancellationToken) =>
        [.. (await _store.IndexRangeAsync(ListIndex, double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false)).Select(e => e.Member)];

    /// <summary>The domains suppressed by hand, with their records, in the order they were added.</summary>
    internal async ValueTask<IReadOnlyList<DomainSuppression>> ListDomainsAsync(CancellationToken cancellationToken)
    {
        var members = await _store.IndexRangeAsync(DomainIndex, double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var domains = new List<DomainSuppression>(members.Count);
        foreach (var member in members)
        {
            var entry = await _store.GetAsync(DomainKey(member.Member), cancellationToken).ConfigureAwait(false);
            domains.Add(entry is null
                ? new DomainSuppression { Domain = member.Member, At = DateTimeOffset.FromUnixTimeMilliseconds((long)member.Score) }
                : JsonSerializer.Deserialize(entry.Value.Span, SafetyJsonContext.Default.DomainSuppression)!);
        }

        return domains;
    }

    /// <summary>The domains suppressed by hand (normalized), for matching recipients against; callers only read it.</summary>
    internal ValueTask<HashSet<string>> SuppressedDomainsAsync(CancellationToken cancellationToken)
    {
        // No async frame when the store answers synchronously (in memory).
        var read = _store.IndexRangeAsync(DomainIndex, double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken);
        return read.IsCompletedSuccessfully ? new(ToSet(read.Result)) : SlowAsync(read);

        static async ValueTask<HashSet<string>> SlowAsync(ValueTask<IReadOnlyList<IndexEntry>> pending) => ToSet(await pending.ConfigureAwait(false));
    }

    private static HashSet<string> ToSet(IReadOnlyList<IndexEntry> members) =>
        members.Count == 0 ? NoDomains : new HashSet<string>(members.Select(m => m.Member), StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds (or updates) a domain suppression.</summary>
    internal async ValueTask<DomainSuppression> AddDomainAsync(DomainSuppression suppression, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(suppression, SafetyJsonContext.Default.DomainSuppression);
        await _store.CommitAsync(
            new StateTransaction()
                .Put(DomainKey(suppression.Domain), bytes)
                .IndexAdd(DomainIndex, suppression.Domain, suppression.At.ToUnixTimeMilliseconds()),
            cancellationToken).ConfigureAwait(false);
        return suppression;
    }

    /// <summary>Removes a domain suppression; <see langword="false"/> when there was none.</summary>
    internal async ValueTask<bool> RemoveDomainAsync(string domain, CancellationToken cancellationToken)
    {
        var existed = await _store.IndexRemoveAsync(DomainIndex, domain, cancellationToken).ConfigureAwait(false);
        await _store.DeleteAsync(DomainKey(domain), null, cancellationToken).ConfigureAwait(false);
        return existed;
    }

    /// <summary>A domain as recipient keys spell it (lower case, punycode, no leading <c>@</c> or <c>*.</c>).</summary>
    internal string NormalizeDomain(string domain) => SuppressionGuard.NormalizeDomain(Canonicalizer, domain);

    private static string DomainKey(string domain) => DomainPrefix + StateKeys.Segment(domain);
}
