using Caio.Leads;

namespace Caio.Enrichment;

/// <summary>Adds facts to a lead (firmographics, time zone, LinkedIn profile). Providers form a waterfall.</summary>
public interface IEnrichmentProvider
{
    /// <summary>Provider name, reported on enriched leads.</summary>
    string Name { get; }

    /// <summary>Enriches one lead.</summary>
    /// <param name="lead">The lead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lead with the provider's facts, or the lead unchanged with <see cref="EnrichedLead.Enriched"/> false.</returns>
    ValueTask<EnrichedLead> EnrichAsync(Lead lead, CancellationToken cancellationToken = default);
}
