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

/// <summary>Title seniority classes, least senior first (a larger value is more senior).</summary>
public enum TitleClass
{
    /// <summary>No class matched (or the title names a support role).</summary>
    None = 0,

    /// <summary>Manager, senior manager, lead, principal. Wire name <c>manager</c>.</summary>
    Manager = 1,

    /// <summary>Director, senior director, head of a function. Wire name <c>director</c>.</summary>
    Director = 2,

    /// <summary>VP, chief officers other than CEO and COO, managing director, chief of staff. Wire name <c>vp_strategic</c>.</summary>
    VpStrategic = 3,

    /// <summary>CEO, founder, president, COO, owner, managing partner. Wire name <c>c_level</c>.</summary>
    CLevel = 4,
}

/// <summary>Industry tiers (independent of the lead <see cref="Tier"/>).</summary>
public enum IndustryTier
{
    /// <summary>No industry tier matched.</summary>
    None = 0,

    /// <summary>Tier-1 industry (best fit).</summary>
    Tier1 = 1,

    /// <summary>Tier-2 industry.</summary>
    Tier2 = 2,

    /// <summary>Tier-3 industry.</summary>
    Tier3 = 3,
}

/// <summary>The hard rules a lead can break. Any of them disqualifies the lead.</summary>
[Flags]
public enum IcpDisqualifications
{
    /// <summary>Not disqualified.</summary>
    None = 0,

    /// <summary>The company's known employee count is below the minimum.</summary>
    CompanyTooSmall = 1,

    /// <summary>The industry is excluded (government, non-profit, education, ...).</summary>
    ExcludedIndustry = 2,

    /// <summary>The company name is excluded.</summary>
    ExcludedCompanyName = 4,

    /// <summary>The company domain or the email domain is excluded (subdomains included).</summary>
    ExcludedDomain = 8,
}

/// <summary>Wire names used in score reasons.</summary>
public static class ScoreCategories
{
    /// <summary>Company-size points.</summary>
    public const string CompanySize = "company_size";

    /// <summary>Title seniority points.</summary>
    public const string Title = "title";

    /// <summary>Industry tier points.</summary>
    public const string Industry = "industry";

    /// <summary>Tech-stack points.</summary>
    public const string TechStack = "tech_stack";

    /// <summary>Buying-intent points.</summary>
    public const string Intent = "intent";

    /// <summary>Engagement bonus.</summary>
    public const string Engagement = "engagement";

    /// <summary>The multiplier on the sum.</summary>
    public const string Multiplier = "multiplier";

    /// <summary>Why the lead is disqualified.</summary>
    public const string Disqualified = "disqualified";

    /// <summary>Returns the wire name of a title class: <c>c_level</c>, <c>vp_strategic</c>, <c>director</c>, <c>manager</c> or <c>none</c>.</summary>
    /// <param name="titleClass">The class.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireName(this TitleClass titleClass) => titleClass switch
    {
        TitleClass.CLevel => "c_level",
        TitleClass.VpStrategic => "vp_strategic",
        TitleClass.Director => "director",
        TitleClass.Manager => "manager",
        _ => "none",
    };

    /// <summary>Returns the wire name of an industry tier: <c>industry_tier_1</c> … <c>industry_tier_3</c> or <c>none</c>.</summary>
    /// <param name="industryTier">The industry tier.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireName(this IndustryTier industryTier) => industryTier switch
    {
        IndustryTier.Tier1 => "industry_tier_1",
        IndustryTier.Tier2 => "industry_tier_2",
        IndustryTier.Tier3 => "industry_tier_3",
        _ => "none",
    };
}
