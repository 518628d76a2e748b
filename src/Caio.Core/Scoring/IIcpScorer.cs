using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Scores leads against the ideal customer profile and assigns their tier.</summary>
public interface IIcpScorer
{
    /// <summary>
    /// Scores a lead without building reasons. Does not allocate; use it to filter or sort many leads.
    /// Absent fields score 0 and never fail.
    /// </summary>
    /// <param name="lead">The lead.</param>
    /// <returns>The score, tier, flags and points per category.</returns>
    IcpEvaluation Evaluate(Lead lead);

    /// <summary>
    /// Scores a lead and explains the score: one reason per category (<see cref="ScoreCategories"/>),
    /// the multiplier, and why the lead is disqualified when it is.
    /// </summary>
    /// <param name="lead">The lead.</param>
    /// <returns>The score with its reasons; the same score, tier and flags as <see cref="Evaluate(Lead)"/>.</returns>
    IcpScore Score(Lead lead);
}
