using Caio.Leads;

namespace Caio.Review;

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
