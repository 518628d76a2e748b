using Caio.Leads;

namespace Caio.Scoring;

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
