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

/// <summary>Company-size rules (number of employees).</summary>
public sealed class CompanySizeOptions
{
    /// <summary>A company with a known employee count below this is disqualified. Default 10.</summary>
    public int MinimumEmployees { get; set; } = 10;

    /// <summary>
    /// Named bands of employee counts and their points. Bands must not overlap; a count in no band
    /// scores 0. Defaults: <c>Micro</c> 10–19 → 5, <c>Small</c> 20–50 → 12, <c>Midsize</c> 51–500 → 20,
    /// <c>UpperMidsize</c> 501–1000 → 15, <c>Enterprise</c> 1001 and more → 10.
    /// </summary>
    public IDictionary<string, CompanySizeBand> Bands { get; set; } = new Dictionary<string, CompanySizeBand>(StringComparer.OrdinalIgnoreCase)
    {
        ["Micro"] = new() { Min = 10, Max = 19, Points = 5 },
        ["Small"] = new() { Min = 20, Max = 50, Points = 12 },
        ["Midsize"] = new() { Min = 51, Max = 500, Points = 20 },
        ["UpperMidsize"] = new() { Min = 501, Max = 1000, Points = 15 },
        ["Enterprise"] = new() { Min = 1001, Max = null, Points = 10 },
    };
}

/// <summary>A range of employee counts worth a number of points.</summary>
public sealed class CompanySizeBand
{
    /// <summary>Smallest employee count in the band (inclusive).</summary>
    public int Min { get; set; }

    /// <summary>Largest employee count in the band (inclusive); <see langword="null"/> for no upper bound.</summary>
    public int? Max { get; set; }

    /// <summary>Points for a company in the band.</summary>
    public int Points { get; set; }
}

/// <summary>
/// Title seniority classes. A title is split into words; phrases are matched on whole words,
/// case-insensitively, and a longer phrase wins over the words it contains. The most senior class
/// matched anywhere in the title counts.
/// </summary>
public sealed class TitleOptions
{
    /// <summary>C-level and founders. Default 25 points.</summary>
    public TitleClassOptions CLevel { get; set; } = new(25,
    [
        "ceo", "chief executive officer", "chief executive", "founder", "co-founder", "cofounder",
        "president", "coo", "chief operating officer", "owner", "managing partner",
    ]);

    /// <summary>
    /// VP and strategic roles. Default 22 points. <c>*</c> in a phrase stands for one or more words
    /// of the same role, so <c>chief * officer</c> matches any other chief officer.
    /// </summary>
    public TitleClassOptions VpStrategic { get; set; } = new(22,
    [
        "cto", "chief technology officer", "chief technical officer", "cio", "chief information officer",
        "cso", "cfo", "chief financial officer", "cmo", "chief marketing officer", "cro", "chief revenue officer",
        "cpo", "cdo", "ciso", "cco", "chro", "caio", "chief * officer", "chief of staff",
        "vp", "vice president", "svp", "senior vice president", "evp", "executive vice president",
        "managing director", "head of innovation", "head of transformation", "head of digital",
    ]);

    /// <summary>Directors and heads of a function. Default 15 points.</summary>
    public TitleClassOptions Director { get; set; } = new(15,
    [
        "director", "senior director", "head of ai", "head of artificial intelligence", "head of data", "head of",
    ]);

    /// <summary>Managers, leads and principals. Default 8 points.</summary>
    public TitleClassOptions Manager { get; set; } = new(8,
    [
        "manager", "senior manager", "lead", "principal",
        "assistant manager", "assistant director", "assistant vice president", "avp",
    ]);

    /// <summary>
    /// Phrases that name no seniority although they contain a class word; they consume their words
    /// so those words do not count ("product owner" is not an owner, "to the ceo" is not a CEO).
    /// </summary>
    public IList<string> IgnoredPhrases { get; set; } =
    [
        "product owner", "account owner", "process owner", "service owner", "platform owner", "data owner",
        "system owner", "risk owner", "control owner", "content owner", "budget owner", "application owner",
        "lead generation", "lead gen",
        "office of the ceo", "office of the founder", "office of the president", "office of the coo",
        "to the ceo", "to ceo", "to the founder", "to the founders", "to the president", "to the coo", "to the owner",
        "founder's associate", "founder's office",
    ];

    /// <summary>
    /// Words and phrases of support roles. A title that contains one scores no title points, whatever
    /// else it names ("Executive Assistant to the CEO", "CEO's Assistant", "Intern").
    /// </summary>
    public IList<string> SupportRolePhrases { get; set; } = ["assistant", "intern", "internship", "trainee"];
}

/// <summary>A title seniority class: its points and the phrases that identify it.</summary>
public sealed class TitleClassOptions
{
    /// <summary>Creates an empty class (used by configuration binding).</summary>
    public TitleClassOptions()
    {
    }

    /// <summary>Creates a class with points and phrases.</summary>
    /// <param name="points">Points for a title of the class.</param>
    /// <param name="phrases">Words and phrases that identify the class.</param>
    public TitleClassOptions(int points, IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        Points = points;
        Phrases = [.. phrases];
    }

    /// <summary>Points for a title of the class.</summary>
    public int Points { get; set; }

    /// <summary>Words and phrases that identify the class, matched on whole words, case-insensitively.</summary>
    public IList<string> Phrases { get; set; } = [];
}

/// <summary>Industry tiers. The best tier matched anywhere in the industry text counts.</summary>
public sealed class IndustryOptions
{
    /// <summary>Tier 1: agencies, recruitment and HR services, consulting, legal and accounting, real estate, e-commerce. Default 20 points.</summary>
    public IndustryTierOptions Tier1 { get; set; } = new(20,
    [
        "marketing", "advertising", "creative agency", "creative agencies",
        "recruitment", "recruiting", "staffing", "human resources", "hr", "hr services",
        "consulting", "consultancy",
        "law", "legal", "accounting", "tax",
        "real estate", "property management",
        "e-commerce", "ecommerce", "dtc", "d2c", "direct-to-consumer", "retail tech", "retail technology", "retailtech",
    ]);

    /// <summary>Tier 2: software and IT services, healthcare, financial services. Default 15 points.</summary>
    public IndustryTierOptions Tier2 { get; set; } = new(15,
    [
        "saas", "software", "technology", "tech", "information technology", "it", "it services", "it consulting",
        "managed services", "managed service provider", "msp", "cloud",
        "healthcare", "health care", "medical", "health tech", "healthtech", "health technology", "biotech", "biotechnology",
        "financial services", "insurance", "fintech", "banking", "wealth management",
    ]);

    /// <summary>Tier 3: industrial, logistics, construction, trades and professional services. Default 10 points.</summary>
    public IndustryTierOptions Tier3 { get; set; } = new(10,
    [
        "manufacturing", "logistics", "supply chain", "distribution", "warehousing", "construction",
        "home services", "field services", "field service", "trades", "skilled trades",
        "professional services", "engineering services",
    ]);
}

/// <summary>An industry tier: its points and the phrases that identify it.</summary>
public sealed class IndustryTierOptions
{
    /// <summary>Creates an empty tier (used by configuration binding).</summary>
    public IndustryTierOptions()
    {
    }

    /// <summary>Creates a tier with points and phrases.</summary>
    /// <param name="points">Points for a company in the tier.</param>
    /// <param name="phrases">Words and phrases that identify the tier.</param>
    public IndustryTierOptions(int points, IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        Points = points;
        Phrases = [.. phrases];
    }

    /// <summary>Points for a company in the tier.</summary>
    public int Points { get; set; }

    /// <summary>Words and phrases that identify the tier, matched on whole words, case-insensitively.</summary>
    public IList<string> Phrases { get; set; } = [];
}

/// <summary>Hard filters: a lead that matches one is disqualified, whatever its score.</summary>
public sealed class ExclusionOptions
{
    /// <summary>
    /// Excluded industries (government, non-profit, education and their usual spellings), matched on
    /// words and phrases like the industry tiers.
    /// </summary>
    public IList<string> Industries { get; set; } =
    [
        "government", "government administration", "public sector", "public administration", "public policy",
        "armed forces", "military", "law enforcement",
        "non-profit", "nonprofit", "not-for-profit", "ngo", "charity", "charities", "philanthropy",
        "education", "higher education", "school", "schools", "university", "universities",
    ];

    /// <summary>
    /// Excluded company names (customers, competitors, partners). A name matches when it is equal
    /// ignoring case, punctuation and a trailing legal form ("Acme" matches "ACME, Inc.").
    /// </summary>
    public IList<string> CompanyNames { get; set; } = [];

    /// <summary>
    /// Excluded domains. The company domain and the email domain are checked, case-insensitively,
    /// subdomains included ("example.com" also excludes "eu.example.com").
    /// </summary>
    public IList<string> Domains { get; set; } = [];
}

/// <summary>Technology categories. Each technology counts once; the total is capped.</summary>
public sealed class TechStackOptions
{
    /// <summary>Most points the tech stack can add. Default 15.</summary>
    public int Cap { get; set; } = 15;

    /// <summary>
    /// Named categories. Defaults: <c>Crm</c> +8, <c>SalesTools</c> +5, <c>MarketingTools</c> +3.
    /// Technology names are compared whole, case-insensitively.
    /// </summary>
    public IDictionary<string, TechCategoryOptions> Categories { get; set; } = new Dictionary<string, TechCategoryOptions>(StringComparer.OrdinalIgnoreCase)
    {
        ["Crm"] = new(8, ["Salesforce", "HubSpot", "Pipedrive", "Zoho CRM", "Dynamics 365", "Microsoft Dynamics 365", "Freshsales"]),
        ["SalesTools"] = new(5, ["Gong", "Clari", "Chorus", "Outreach", "Salesloft", "Apollo", "ZoomInfo"]),
        ["MarketingTools"] = new(3, ["Marketo", "Pardot", "Eloqua", "Mailchimp", "Klaviyo", "Intercom"]),
    };
}

/// <summary>A technology category: points per technology and the technologies in it.</summary>
public sealed class TechCategoryOptions
{
    /// <summary>Creates an empty category (used by configuration binding).</summary>
    public TechCategoryOptions()
    {
    }

    /// <summary>Creates a category with points and technologies.</summary>
    /// <param name="points">Points per technology of the category.</param>
    /// <param name="technologies">Technology names.</param>
    public TechCategoryOptions(int points, IEnumerable<string> technologies)
    {
        ArgumentNullException.ThrowIfNull(technologies);
        Points = points;
        Technologies = [.. technologies];
    }

    /// <summary>Points per technology of the category.</summary>
    public int Points { get; set; }

    /// <summary>Technology names, compared whole and case-insensitively.</summary>
    public IList<string> Technologies { get; set; } = [];
}

/// <summary>Buying-intent points. The total is capped at <see cref="Cap"/>.</summary>
public sealed class IntentOptions
{
    /// <summary>Most points intent can add. Default 20.</summary>
    public int Cap { get; set; } = 20;

    /// <summary>Site visits needed for <see cref="SiteVisitsHighPoints"/>. Default 5.</summary>
    public int SiteVisitsHighThreshold { get; set; } = 5;

    /// <summary>Points for at least <see cref="SiteVisitsHighThreshold"/> site visits. Default 8.</summary>
    public int SiteVisitsHighPoints { get; set; } = 8;

    /// <summary>Site visits needed for <see cref="SiteVisitsLowPoints"/>. Default 2.</summary>
    public int SiteVisitsLowThreshold { get; set; } = 2;

    /// <summary>Points for at least <see cref="SiteVisitsLowThreshold"/> site visits. Default 4.</summary>
    public int SiteVisitsLowPoints { get; set; } = 4;

    /// <summary>Content downloads needed for <see cref="ContentDownloadsHighPoints"/>. Default 3.</summary>
    public int ContentDownloadsHighThreshold { get; set; } = 3;

    /// <summary>Points for at least <see cref="ContentDownloadsHighThreshold"/> downloads. Default 8.</summary>
    public int ContentDownloadsHighPoints { get; set; } = 8;

    /// <summary>Content downloads needed for <see cref="ContentDownloadsLowPoints"/>. Default 1.</summary>
    public int ContentDownloadsLowThreshold { get; set; } = 1;

    /// <summary>Points for at least <see cref="ContentDownloadsLowThreshold"/> downloads. Default 4.</summary>
    public int ContentDownloadsLowPoints { get; set; } = 4;

    /// <summary>Pricing-page visits needed for <see cref="PricingPagePoints"/>. Default 1.</summary>
    public int PricingPageThreshold { get; set; } = 1;

    /// <summary>Points for a visit to the pricing page. Default 6.</summary>
    public int PricingPagePoints { get; set; } = 6;

    /// <summary>Points for a demo request. Default 10.</summary>
    public int DemoRequestedPoints { get; set; } = 10;

    /// <summary>
    /// Points by the kind of source that surfaced the lead. Defaults: <c>WebsiteVisitor</c> +4,
    /// <c>ContentDownloader</c> +6, <c>DemoRequester</c> +10, <c>WebinarRegistrant</c> +5.
    /// </summary>
    public IDictionary<SourceType, int> SourceTypePoints { get; set; } = new Dictionary<SourceType, int>
    {
        [SourceType.WebsiteVisitor] = 4,
        [SourceType.ContentDownloader] = 6,
        [SourceType.DemoRequester] = 10,
        [SourceType.WebinarRegistrant] = 5,
    };
}

/// <summary>Engagement bonuses by source type; added outside the intent cap.</summary>
public sealed class EngagementOptions
{
    /// <summary>
    /// Points by the kind of source that surfaced the lead. Defaults: <c>PostCommenter</c> +5,
    /// <c>EventAttendee</c> +4, <c>CompetitorFollower</c> +3.
    /// </summary>
    public IDictionary<SourceType, int> SourceTypePoints { get; set; } = new Dictionary<SourceType, int>
    {
        [SourceType.PostCommenter] = 5,
        [SourceType.EventAttendee] = 4,
        [SourceType.CompetitorFollower] = 3,
    };
}

/// <summary>
/// Multipliers on the sum of points, by title class and industry tier. At most two decimals;
/// the product is computed exactly and truncated to an integer.
/// </summary>
public sealed class MultiplierOptions
{
    /// <summary>C-level title in a tier-1 industry. Default 1.5.</summary>
    public double CLevelInTier1Industry { get; set; } = 1.5;

    /// <summary>C-level title in any other industry. Default 1.3.</summary>
    public double CLevel { get; set; } = 1.3;

    /// <summary>VP/strategic title in a tier-1 industry. Default 1.3.</summary>
    public double VpStrategicInTier1Industry { get; set; } = 1.3;

    /// <summary>VP/strategic title in a tier-2 industry. Default 1.2.</summary>
    public double VpStrategicInTier2Industry { get; set; } = 1.2;

    /// <summary>VP/strategic title in any other industry. Default 1.1.</summary>
    public double VpStrategic { get; set; } = 1.1;

    /// <summary>Every other title. Default 1.0.</summary>
    public double Other { get; set; } = 1.0;
}

/// <summary>Tier thresholds and the band of scores flagged for review.</summary>
public sealed class TierOptions
{
    /// <summary>Lowest score of tier 1. Default 80.</summary>
    public int Tier1Min { get; set; } = 80;

    /// <summary>Lowest score of tier 2. Default 60.</summary>
    public int Tier2Min { get; set; } = 60;

    /// <summary>Lowest score of tier 3; lower scores are tier 4. Default 40.</summary>
    public int Tier3Min { get; set; } = 40;

    /// <summary>Lowest score flagged as needing review (inclusive). Default 70.</summary>
    public int NeedsReviewMin { get; set; } = 70;

    /// <summary>Highest score flagged as needing review (inclusive). Default 85.</summary>
    public int NeedsReviewMax { get; set; } = 85;
}
