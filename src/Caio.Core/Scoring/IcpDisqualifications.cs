using Caio.Leads;

namespace Caio.Scoring;

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
