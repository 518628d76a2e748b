using Caio.Leads;

namespace Caio.Pipeline;

/// <summary>How one enrichment provider did in a run.</summary>
/// <param name="Name">Provider name.</param>
/// <param name="Attempts">Leads the provider was asked about (the waterfall stops at the first provider that adds facts).</param>
/// <param name="Enriched">Leads it added facts to.</param>
public sealed record EnrichmentProviderReport(
    [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("attempts")] long Attempts,
    [property: System.Text.Json.Serialization.JsonPropertyName("enriched")] long Enriched)
{
    /// <summary>Share of the leads asked about that the provider enriched, 0–1.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("rate")]
    public double Rate => Attempts == 0 ? 0 : Math.Round((double)Enriched / Attempts, 4);
}
