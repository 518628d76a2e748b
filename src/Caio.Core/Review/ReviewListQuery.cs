using Caio.Leads;

namespace Caio.Review;

/// <summary>How review items are ordered in a listing.</summary>
public enum ReviewListSort
{
    /// <summary>Highest score first; equal scores oldest first.</summary>
    Score,

    /// <summary>Oldest first: the drafts that have waited longest (and expire soonest) lead.</summary>
    Age,
}

/// <summary>A page of a filtered, sorted listing of review items (<see cref="ReviewListing.QueryAsync"/>).</summary>
public sealed record ReviewListQuery
{
    /// <summary>The status to list. Default pending.</summary>
    public ReviewStatus Status { get; init; } = ReviewStatus.Pending;

    /// <summary>Only items of this tier, when set.</summary>
    public Tier? Tier { get; init; }

    /// <summary>Only items with (true) or without (false) the needs-review flag, when set.</summary>
    public bool? NeedsReview { get; init; }

    /// <summary>The order. Default by score.</summary>
    public ReviewListSort Sort { get; init; } = ReviewListSort.Score;

    /// <summary>How many matching items to skip (the page's start).</summary>
    public int Offset { get; init; }

    /// <summary>The page size, or <see langword="null"/> for every remaining item.</summary>
    public int? Limit { get; init; }
}

/// <summary>One page of a review listing.</summary>
/// <param name="Items">The page's items, in the query's order.</param>
/// <param name="Total">How many items match the filters in all pages.</param>
/// <param name="Offset">The page's start.</param>
public sealed record ReviewListPage(IReadOnlyList<ReviewItem> Items, int Total, int Offset)
{
    /// <summary>Whether more matching items follow this page.</summary>
    public bool HasMore => Offset + Items.Count < Total;
}

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
