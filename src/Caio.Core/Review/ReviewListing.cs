using Caio.Leads;

namespace Caio.Review;

/// <summary>Filtering, ordering and paging of review listings, the same for every <see cref="IReviewQueue"/>.</summary>
public static class ReviewListing
{
    /// <summary>Lists a page of items matching <paramref name="query"/>.</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="query">Filters, order and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page and the total number of matching items.</returns>
    public static async ValueTask<ReviewListPage> QueryAsync(this IReviewQueue queue, ReviewListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        if (query.Limit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit);
        }

        var items = await queue.ListAsync(query.Status, cancellationToken: cancellationToken).ConfigureAwait(false);
        IEnumerable<ReviewItem> matching = items.Where(i => (query.Tier is null || i.Tier == query.Tier) && (query.NeedsReview is null || i.NeedsReview == query.NeedsReview));
        matching = query.Sort == ReviewListSort.Score
            ? matching.OrderByDescending(i => i.Score).ThenBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal)
            : matching.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal);
        var all = matching.ToList();
        var page = all.Skip(query.Offset);
        return new ReviewListPage([.. query.Limit is { } size ? page.Take(size) : page], all.Count, query.Offset);
    }
}
