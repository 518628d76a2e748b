using Caio.Safety;

namespace Caio.Review;

/// <summary>Outcome of a review decision.</summary>
/// <param name="Item">The item after the decision (or as it is, when refused).</param>
/// <param name="Refusal">Why the decision was refused (a <see cref="ReviewRefusals"/> code and its detail), or <see langword="null"/> when it was applied.</param>
public readonly record struct DecisionResult(ReviewItem? Item, Refusal? Refusal)
{
    /// <summary>Whether the decision was applied.</summary>
    public bool Succeeded => Refusal is null;
}
