using System.ComponentModel.DataAnnotations;
using Caio.Safety;

namespace Caio.Review;

/// <summary>Outcome of a review decision.</summary>
/// <param name="Item">The item after the decision (or as it is, when refused).</param>
/// <param name="RefusalCode">Why the decision was refused (<see cref="ReviewRefusals"/>), or <see langword="null"/>.</param>
/// <param name="Detail">Human-readable detail.</param>
public readonly record struct DecisionResult(ReviewItem? Item, string? RefusalCode, string? Detail)
{
    /// <summary>Why the decision was refused (code and detail), or <see langword="null"/> when it was applied.</summary>
    public Caio.Safety.Refusal? Refusal => Caio.Safety.Refusal.From(RefusalCode, Detail);

    /// <summary>Whether the decision was applied.</summary>
    public bool Succeeded => RefusalCode is null;
}
