using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>A lead after enrichment, with the facts each provider contributed.</summary>
/// <param name="Lead">The (possibly completed) lead.</param>
/// <param name="Enriched">Whether any provider added facts.</param>
/// <param name="Provider">The provider that enriched the lead, when any.</param>
public sealed record EnrichedLead(Lead Lead, bool Enriched, string? Provider)
{
    /// <summary>
    /// The lead's facts with their source (input or the enriching provider), as the enrichment stage
    /// found them; <see langword="null"/> when the lead did not pass that stage (every fact is then input).
    /// </summary>
    public IReadOnlyList<LeadFact>? Facts { get; init; }
}
