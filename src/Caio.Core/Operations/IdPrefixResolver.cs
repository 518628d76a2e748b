using Caio.Batches;
using Caio.Review;
using Caio.State;

namespace Caio.Operations;

/// <summary>
/// Accepts a unique prefix wherever a review item or batch id is taken, like git does for commits: the
/// full id is used as it is; a prefix that matches exactly one id becomes that id; a prefix that matches
/// several is ambiguous and lists them.
/// </summary>
/// <param name="store">The state store the ids live in.</param>
public sealed class IdPrefixResolver(IStateStore store)
{
    /// <summary>How many candidates an ambiguous resolution lists at most.</summary>
    public const int MaxCandidates = 10;

    private readonly IStateStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Resolves a review item id or prefix.</summary>
    /// <param name="idOrPrefix">A full id (<c>rq_…</c>) or its start.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The resolution; neither found nor ambiguous when nothing matches.</returns>
    public ValueTask<IdResolution> ResolveReviewItemAsync(string idOrPrefix, CancellationToken cancellationToken = default) =>
        ResolveAsync(idOrPrefix, ReviewQueue.ItemKey, Enum.GetValues<ReviewStatus>().Select(ReviewQueue.StatusIndex), cancellationToken);

    /// <summary>Resolves a batch id or prefix.</summary>
    /// <param name="idOrPrefix">A full id (<c>batch_…</c>) or its start.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The resolution; neither found nor ambiguous when nothing matches.</returns>
    public ValueTask<IdResolution> ResolveBatchAsync(string idOrPrefix, CancellationToken cancellationToken = default) =>
        ResolveAsync(idOrPrefix, BatchService.BatchKey, Enum.GetValues<BatchStatus>().Select(BatchService.StatusIndex), cancellationToken);

    /// <summary>Whether a record exists; one that exists but cannot be read counts (the command then reports it unreadable).</summary>
    private async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex))
        {
            return true;
        }
    }

    private async ValueTask<IdResolution> ResolveAsync(string idOrPrefix, Func<string, string> keyOf, IEnumerable<string> indexes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        var input = idOrPrefix.Trim();
        if (input.Length == 0)
        {
            return new IdResolution(idOrPrefix, null, []);
        }

        if (input.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && await ExistsAsync(keyOf(input), cancellationToken).ConfigureAwait(false))
        {
            return new IdResolution(idOrPrefix, input, [input]);
        }

        var matches = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var index in indexes)
        {
            foreach (var entry in await _store.IndexRangeAsync(index, double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Member.StartsWith(input, StringComparison.Ordinal))
                {
                    matches.Add(entry.Member);
                }
            }
        }

        return matches.Count == 1
            ? new IdResolution(idOrPrefix, matches.Min, [matches.Min!])
            : new IdResolution(idOrPrefix, null, [.. matches.Take(MaxCandidates)]);
    }
}
