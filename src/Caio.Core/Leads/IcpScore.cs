using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>The outcome of scoring a lead against the ideal customer profile.</summary>
public sealed record IcpScore
{
    /// <summary>Final score, 0–100, after multiplier, truncation and cap.</summary>
    public int Score { get; init; }

    /// <summary>The tier derived from <see cref="Score"/>.</summary>
    public Tier Tier { get; init; }

    /// <summary>Whether the score falls in the band flagged for a human look.</summary>
    public bool NeedsReview { get; init; }

    /// <summary>Whether a hard rule excludes the lead from contact, whatever its score.</summary>
    public bool Disqualified { get; init; }

    /// <summary>The multiplier applied to the sum of points.</summary>
    public double Multiplier { get; init; } = 1.0;

    /// <summary>Every category's points and why, plus the multiplier and any disqualification.</summary>
    public IReadOnlyList<ScoreReason> Reasons { get; init; } = [];
}
