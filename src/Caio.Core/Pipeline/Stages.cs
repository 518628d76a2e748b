using Caio.Crafting;
using Caio.Enrichment;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;

namespace Caio.Pipeline;

/// <summary>
/// Enrichment stage: the waterfall of providers; the first that adds facts wins. With no provider a
/// lead passes unenriched: nothing is invented.
/// </summary>
/// <param name="providers">Providers in waterfall order (production: the registered <see cref="IEnrichmentProvider"/>s; sandbox: the sandbox enricher).</param>
public sealed class EnrichStage(IEnumerable<IEnrichmentProvider> providers) : PipelineStage<Lead, EnrichedLead>
{
    private readonly IEnrichmentProvider[] _providers = [.. providers];

    /// <inheritdoc />
    public override string Name => "enrich";

    /// <inheritdoc />
    public override bool IsThreadSafe => true;

    /// <inheritdoc />
    public override async ValueTask<StageOutcome> ProcessAsync(Lead item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var provider in _providers)
        {
            var result = await provider.EnrichAsync(item, cancellationToken).ConfigureAwait(false);
            context.RecordProviderAttempt(provider.Name, result.Enriched);
            if (result.Enriched)
            {
                context.RecordEnrichment(true);
                return StageOutcome.Pass(result with { Facts = result.Facts ?? LeadFacts.Describe(result.Lead, item, result.Provider ?? provider.Name) });
            }
        }

        context.RecordEnrichment(false);
        return StageOutcome.Pass(new EnrichedLead(item, Enriched: false, Provider: null) { Facts = LeadFacts.Describe(item) });
    }
}
