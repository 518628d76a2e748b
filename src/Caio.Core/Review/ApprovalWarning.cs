namespace Caio.Review;

/// <summary>Why an item a person approves cannot go out now, said at approval rather than at send time.</summary>
/// <param name="ReasonCode">The safety layer's reason code (e.g. <c>ramp_tier_restricted</c>, <c>role_address</c>, <c>suppressed_unsubscribed</c>).</param>
/// <param name="Detail">The layer's detail.</param>
/// <param name="Explanation">The code's one-line explanation (<see cref="Caio.Safety.ReasonCodeExplanations"/>).</param>
public sealed record ApprovalWarning(string ReasonCode, string? Detail, string? Explanation);
