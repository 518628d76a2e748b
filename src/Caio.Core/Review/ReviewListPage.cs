using Caio.Leads;

namespace Caio.Review;

/// <summary>One page of a review listing.</summary>
/// <param name="Items">The page's items, in the query's order.</param>
/// <param name="Total">How many items match the filters in all pages.</param>
/// <param name="Offset">The page's start.</param>
public sealed record ReviewListPage(IReadOnlyList<ReviewItem> Items, int Total, int Offset)
{
    /// <summary>Whether more matching items follow this page.</summary>
    public bool HasMore => Offset + Items.Count < Total;
}
