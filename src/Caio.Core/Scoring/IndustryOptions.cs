using Caio.Leads;

namespace Caio.Scoring;

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
