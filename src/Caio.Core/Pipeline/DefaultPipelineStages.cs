using Caio.Crafting;
using Caio.Enrichment;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;
using Microsoft.Extensions.Options;

namespace Caio.Pipeline;

/// <summary>
/// The default stages. Production: enrich (the registered providers; none by default) → score → craft →
/// queue (drafts wait for a human). Sandbox: enrich (the sandbox enricher only) → score → craft → approve
/// → send (auto-approved, dispatched through the full safety chain to the recording sandbox channels).
/// </summary>
/// <param name="services">Resolves the stages.</param>
public sealed class DefaultPipelineStages(IServiceProvider services) : IPipelineStagesProvider
{
    /// <inheritdoc />
    public IReadOnlyList<IPipelineStage> GetStages(PipelineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Mode == PipelineMode.Production
            ? [Resolve<EnrichStage>(), Resolve<ScoreStage>(), Resolve<CraftStage>(), Resolve<QueueStage>()]
            : [
                new EnrichStage([Resolve<SandboxEnrichmentProvider>()]),
                Resolve<ScoreStage>(),
                Resolve<CraftStage>(),
                Resolve<SandboxApproveStage>(),
                // Batches as large as a production batch may be, so the simulated day runs as few batch executions as production would.
                new SandboxSendStage(
                    Resolve<Batches.BatchService>(),
                    Resolve<Dispatch.DispatchOperator>(),
                    Resolve<IOptions<Batches.BatchOptions>>().Value.MaxItems,
                    services.GetService(typeof(SandboxClock)) as SandboxClock),
            ];
    }

    private T Resolve<T>()
        where T : notnull =>
        (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered; call AddCaio()."));
}
