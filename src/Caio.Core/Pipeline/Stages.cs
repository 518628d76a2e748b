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

/// <summary>
/// Scoring stage: scores every lead, counts tiers, and passes on only contactable leads —
/// not disqualified, not tier_4, and in the requested segment when one is set.
/// </summary>
/// <param name="scorer">The ICP scorer.</param>
public sealed class ScoreStage(IIcpScorer scorer) : PipelineStage<EnrichedLead, ScoredLead>
{
    /// <inheritdoc />
    public override string Name => "score";

    /// <inheritdoc />
    public override bool IsThreadSafe => true;

    /// <inheritdoc />
    public override ValueTask<StageOutcome> ProcessAsync(EnrichedLead item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var evaluation = scorer.Evaluate(item.Lead);
        context.Tiers.Increment(evaluation.Tier);
        if (evaluation.Disqualified)
        {
            return ValueTask.FromResult(StageOutcome.Filter(ReasonCodes.Disqualified));
        }

        if (context.Request.Segment is { } segment && evaluation.Tier != segment)
        {
            return ValueTask.FromResult(StageOutcome.Filter(ReasonCodes.OutsideSegment));
        }

        if (evaluation.Tier == Tier.Tier4)
        {
            return ValueTask.FromResult(StageOutcome.Filter(ReasonCodes.Tier4));
        }

        return ValueTask.FromResult(StageOutcome.Pass(new ScoredLead(item, scorer.Score(item.Lead))));
    }
}

/// <summary>Crafting stage: writes the first step of the sequence for each lead.</summary>
/// <param name="crafter">The crafter.</param>
public sealed class CraftStage(IMessageCrafter crafter) : PipelineStage<ScoredLead, MessageDraft>
{
    /// <summary>The step the pipeline crafts: day 1, email intro.</summary>
    public static readonly SequenceStep FirstStep = new(Step: 1, Day: 1, Channel: Channel.Email, TemplateKey: "intro");

    /// <inheritdoc />
    public override string Name => "craft";

    /// <inheritdoc />
    public override bool IsThreadSafe => true;

    /// <inheritdoc />
    public override async ValueTask<StageOutcome> ProcessAsync(ScoredLead item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var result = await crafter.CraftAsync(item, FirstStep, cancellationToken).ConfigureAwait(false);
        return result.Draft is { } draft
            ? StageOutcome.Pass(draft)
            : StageOutcome.Fail(result.RefusalReason ?? "crafting refused", Redact.Email(item.Lead.Lead.Email));
    }
}

/// <summary>
/// Queue stage: puts every draft in front of a human (the shadow queue). Drafts are queued in groups
/// of up to <see cref="BatchSize"/> (group commit: one durable write per group, see
/// <see cref="IReviewQueue.EnqueueManyAsync"/>); a crash loses at most the group being written, never
/// part of it.
/// </summary>
public sealed class QueueStage : PipelineStage<MessageDraft, ReviewItem>, IBatchingPipelineStage
{
    /// <summary>The default number of drafts written together.</summary>
    public const int DefaultBatchSize = 256;

    private readonly IReviewQueue _queue;
    private readonly List<MessageDraft> _held = [];

    /// <summary>Creates the stage with groups of <see cref="DefaultBatchSize"/> drafts.</summary>
    /// <param name="queue">The review queue.</param>
    public QueueStage(IReviewQueue queue)
        : this(queue, DefaultBatchSize)
    {
    }

    /// <summary>Creates the stage.</summary>
    /// <param name="queue">The review queue.</param>
    /// <param name="batchSize">Drafts written together (at least 1).</param>
    public QueueStage(IReviewQueue queue, int batchSize)
    {
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        BatchSize = batchSize;
    }

    /// <inheritdoc />
    public override string Name => "queue";

    /// <summary>Drafts written together.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    public override ValueTask<StageOutcome> ProcessAsync(MessageDraft item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        _held.Add(item);
        return ValueTask.FromResult(StageOutcome.Held());
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StageOutcome>> DrainAsync(bool final, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_held.Count == 0 || (!final && _held.Count < BatchSize))
        {
            return [];
        }

        MessageDraft[] drafts = [.. _held];
        _held.Clear();
        var results = await _queue.EnqueueManyAsync(drafts, context.RunId, cancellationToken).ConfigureAwait(false);
        var outcomes = new StageOutcome[drafts.Length];
        for (var i = 0; i < drafts.Length; i++)
        {
            var result = results[i];
            outcomes[i] = result.Item is { } queued
                ? StageOutcome.Pass(queued)

                // A duplicate is the same draft already waiting: not an error, and nothing is lost.
                : result.RefusalReason == "duplicate"
                    ? StageOutcome.Filter(ReasonCodes.Duplicate)
                    : StageOutcome.Fail($"{result.RefusalReason}: {result.Detail}", Redact.Email(drafts[i].Lead.Lead.Lead.Email));
        }

        return outcomes;
    }
}

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
                new SandboxSendStage(Resolve<Batches.BatchService>(), Resolve<Dispatch.DispatchOperator>(), clock: services.GetService(typeof(SandboxClock)) as SandboxClock),
            ];
    }

    private T Resolve<T>()
        where T : notnull =>
        (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered; call AddCaio()."));
}
