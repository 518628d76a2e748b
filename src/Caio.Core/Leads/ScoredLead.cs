using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>A scored lead.</summary>
/// <param name="Lead">The enriched lead.</param>
/// <param name="Score">Its ICP score.</param>
public sealed record ScoredLead(EnrichedLead Lead, IcpScore Score);
