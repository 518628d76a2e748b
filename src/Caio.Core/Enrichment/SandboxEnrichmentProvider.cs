using Caio.Leads;

namespace Caio.Enrichment;

/// <summary>
/// The sandbox enricher: deterministic, in-process, no network. It fills what a real provider
/// typically fills (missing time zone, company size and tech stack) for most leads and leaves
/// about one lead in seven untouched, so reports show a realistic enrichment rate.
/// </summary>
public sealed class SandboxEnrichmentProvider : IEnrichmentProvider
{
    /// <summary>The provider name.</summary>
    public const string ProviderName = "sandbox";

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public ValueTask<EnrichedLead> EnrichAsync(Lead lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var hash = StableHash(lead.Email);
        if (hash % 7 == 0)
        {
            return ValueTask.FromResult(new EnrichedLead(lead, Enriched: false, Provider: null));
        }

        var company = lead.Company ?? new Company();
        var enriched = lead with
        {
            TimeZone = lead.TimeZone ?? "America/New_York",
            Company = company with
            {
                Employees = company.Employees ?? (int)(20 + (hash % 400)),
                TechStack = company.TechStack is { Count: > 0 } ? company.TechStack : (hash % 3 == 0 ? ["HubSpot"] : []),
            },
        };
        return ValueTask.FromResult(new EnrichedLead(enriched, Enriched: true, Provider: ProviderName));
    }

    private static uint StableHash(string? text)
    {
        // FNV-1a: stable across processes (string.GetHashCode is randomized per process).
        var hash = 2166136261u;
        foreach (var c in text ?? string.Empty)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
