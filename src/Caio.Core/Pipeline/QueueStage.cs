using Caio.Crafting;
using Caio.Enrichment;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;

namespace Caio.Pipeline;

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
    private readonly HeldDrafts _held;

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
        _held = new HeldDrafts(batchSize);
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
        var drafts = _held.TakeGroup(final);
        if (drafts.Length == 0)
        {
            return [];
        }

        var results = await _queue.EnqueueManyAsync(drafts, context.RunId, cancellationToken).ConfigureAwait(false);
        var outcomes = new StageOutcome[drafts.Length];
        for (var i = 0; i < drafts.Length; i++)
        {
            outcomes[i] = results[i].Item is { } queued ? StageOutcome.Pass(queued) : HeldDrafts.Refused(results[i], drafts[i]);
        }

        return outcomes;
    }
}
