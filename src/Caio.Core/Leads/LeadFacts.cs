using System.Globalization;

namespace Caio.Leads;

/// <summary>Lists the facts of a lead with their source: what it arrived with, and what enrichment added or changed.</summary>
public static class LeadFacts
{
    /// <summary>The facts of <paramref name="lead"/>, each marked as coming from the input or from <paramref name="provider"/>.</summary>
    /// <param name="lead">The lead after enrichment.</param>
    /// <param name="original">The lead as received, or <see langword="null"/> when every fact came from the input.</param>
    /// <param name="provider">The enrichment provider that produced <paramref name="lead"/> from <paramref name="original"/>.</param>
    /// <returns>The known facts in a fixed order; unknown (absent) facts are left out.</returns>
    public static IReadOnlyList<LeadFact> Describe(Lead lead, Lead? original = null, string? provider = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var before = original is null ? null : Values(original).ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        var enrichment = LeadFact.EnrichmentSourcePrefix + (provider ?? "unknown");
        return [.. Values(lead).Select(v => new LeadFact(
            v.Name,
            v.Value,
            before is null || (before.TryGetValue(v.Name, out var was) && was == v.Value) ? LeadFact.InputSource : enrichment))];
    }

    private static IEnumerable<(string Name, string Value)> Values(Lead lead)
    {
        var company = lead.Company;
        var intent = lead.Intent;
        var candidates = new (string Name, string? Value)[]
        {
            ("title", lead.Title),
            ("companyName", company?.Name),
            ("companyDomain", company?.Domain),
            ("employees", company?.Employees?.ToString(CultureInfo.InvariantCulture)),
            ("industry", company?.Industry),
            ("techStack", company?.TechStack is { Count: > 0 } tech ? string.Join(", ", tech) : null),
            ("timeZone", lead.TimeZone),
            ("linkedInUrl", lead.LinkedInUrl),
            ("siteVisits", intent is { SiteVisits: > 0 } ? intent.SiteVisits.ToString(CultureInfo.InvariantCulture) : null),
            ("contentDownloads", intent is { ContentDownloads: > 0 } ? intent.ContentDownloads.ToString(CultureInfo.InvariantCulture) : null),
            ("pricingPageVisits", intent is { PricingPageVisits: > 0 } ? intent.PricingPageVisits.ToString(CultureInfo.InvariantCulture) : null),
            ("demoRequested", intent is { DemoRequested: true } ? "yes" : null),
            ("source", lead.Source is { } source ? Caio.Scoring.IcpScorer.SourceTypeName(source.Type) + (source.Name is { Length: > 0 } sourceName ? " (" + sourceName + ")" : string.Empty) : null),
        };
        foreach (var (name, value) in candidates)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return (name, value);
            }
        }
    }
}
