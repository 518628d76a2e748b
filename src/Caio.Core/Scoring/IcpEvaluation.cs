using Caio.Leads;

namespace Caio.Scoring;

/// <summary>
/// The result of scoring a lead, without reasons: a small value type produced without allocating.
/// Use <see cref="IIcpScorer.Score(Lead)"/> when the reasons are needed.
/// </summary>
public readonly record struct IcpEvaluation
{
    /// <summary>Final score, 0 to <see cref="IcpOptions.MaxScore"/>: the multiplied sum, truncated, then capped.</summary>
    public int Score { get; init; }

    /// <summary>The tier derived from <see cref="Score"/>.</summary>
    public Tier Tier { get; init; }

    /// <summary>Whether the score falls in the needs-review band.</summary>
    public bool NeedsReview { get; init; }

    /// <summary>Whether a hard rule excludes the lead from contact, whatever its score.</summary>
    public bool Disqualified => Disqualifications != IcpDisqualifications.None;

    /// <summary>Every hard rule the lead breaks; <see cref="IcpDisqualifications.None"/> when it breaks none.</summary>
    public IcpDisqualifications Disqualifications { get; init; }

    /// <summary>The multiplier applied to <see cref="Sum"/>.</summary>
    public double Multiplier { get; init; }

    /// <summary>Sum of the category points before the multiplier.</summary>
    public int Sum => CompanySize + Title + Industry + TechStack + Intent + Engagement;

    /// <summary>Points for the company size.</summary>
    public int CompanySize { get; init; }

    /// <summary>Points for the title's seniority.</summary>
    public int Title { get; init; }

    /// <summary>Points for the industry tier.</summary>
    public int Industry { get; init; }

    /// <summary>Points for the tech stack, after its cap.</summary>
    public int TechStack { get; init; }

    /// <summary>Points for buying intent, after its cap.</summary>
    public int Intent { get; init; }

    /// <summary>Engagement bonus (outside the intent cap).</summary>
    public int Engagement { get; init; }

    /// <summary>The seniority class the title matched.</summary>
    public TitleClass TitleClass { get; init; }

    /// <summary>The industry tier the industry matched.</summary>
    public IndustryTier IndustryTier { get; init; }
}
