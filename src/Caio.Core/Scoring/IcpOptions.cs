using Caio.Leads;

namespace Caio.Scoring;

/// <summary>
/// The ideal-customer-profile rules: every weight, threshold and word list the scorer uses.
/// The defaults are the head of sales' rule set; bind section <see cref="SectionName"/> to change them.
/// </summary>
/// <remarks>
/// Configuration binding adds configured list entries to the default lists (it does not replace
/// them) and overrides scalar values and dictionary entries by key. To remove a default entry,
/// edit the options in code (for example <c>services.Configure&lt;IcpOptions&gt;(o =&gt; o.Titles.CLevel.Phrases.Remove("owner"))</c>).
/// A scorer reads the options once, when it is constructed.
/// </remarks>
public sealed class IcpOptions
{
    /// <summary>The configuration section the options bind from: <c>Caio:Scoring</c>.</summary>
    public const string SectionName = "Caio:Scoring";

    /// <summary>The highest score; the multiplied sum is truncated, then capped at this value. Default 100.</summary>
    public int MaxScore { get; set; } = 100;

    /// <summary>Company-size bands and the minimum company size.</summary>
    public CompanySizeOptions CompanySize { get; set; } = new();

    /// <summary>Title seniority classes.</summary>
    public TitleOptions Titles { get; set; } = new();

    /// <summary>Industry tiers.</summary>
    public IndustryOptions Industries { get; set; } = new();

    /// <summary>Hard exclusions: industries, company names and domains.</summary>
    public ExclusionOptions Exclusions { get; set; } = new();

    /// <summary>Technology categories and the tech-stack cap.</summary>
    public TechStackOptions TechStack { get; set; } = new();

    /// <summary>Buying-intent points and the intent cap.</summary>
    public IntentOptions Intent { get; set; } = new();

    /// <summary>Engagement bonuses, outside the intent cap.</summary>
    public EngagementOptions Engagement { get; set; } = new();

    /// <summary>Multipliers applied to the sum of points by title class and industry tier.</summary>
    public MultiplierOptions Multipliers { get; set; } = new();

    /// <summary>Tier thresholds and the needs-review band.</summary>
    public TierOptions Tiers { get; set; } = new();
}
