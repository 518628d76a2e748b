using Caio.Safety;

namespace Caio.Review;

/// <summary>Outcome of <see cref="IReviewQueue.EnqueueAsync"/>.</summary>
/// <param name="Item">The queued item, when accepted.</param>
/// <param name="Refusal">Why the draft was refused (<c>duplicate</c>, <c>placeholder</c> or <c>invalid_recipient</c>, with detail), or <see langword="null"/> when it was queued.</param>
public readonly record struct EnqueueResult(ReviewItem? Item, Refusal? Refusal)
{
    /// <summary>Whether the draft was queued.</summary>
    public bool Accepted => Item is not null;
}
