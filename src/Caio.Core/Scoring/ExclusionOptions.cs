using Caio.Leads;

namespace Caio.Scoring;

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
