using Caio.Leads;

namespace Caio.Review;

/// <summary>Outcome of <see cref="IReviewQueue.EnqueueAsync"/>.</summary>
/// <param name="Item">The queued item, when accepted.</param>
/// <param name="RefusalReason">Why the draft was refused: <c>duplicate</c>, <c>placeholder</c> or <c>invalid_recipient</c>.</param>
/// <param name="Detail">Human-readable detail.</param>
public readonly record struct EnqueueResult(ReviewItem? Item, string? RefusalReason, string? Detail)
{
    /// <summary>Why the draft was refused (code and detail), or <see langword="null"/> when it was queued.</summary>
    public Caio.Safety.Refusal? Refusal => Caio.Safety.Refusal.From(RefusalReason, Detail);

    /// <summary>Whether the draft was queued.</summary>
    public bool Accepted => Item is not null;
}
