using Caio.Batches;
using Caio.Dispatch;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;

namespace Caio.Pipeline;

/// <summary>
/// Sandbox approval stage: queues each draft exactly like production (same hygiene: duplicates and
/// placeholders are refused) and approves it as <see cref="Actor"/>, so the run can go on to dispatch.
/// Drafts are held and written in groups of <see cref="BatchSize"/> (group commit, decision 0009): one
/// commit queues the group, one commit approves it, and the group's audit records and feedback signals
/// are appended together.
/// </summary>
public sealed class SandboxApproveStage : PipelineStage<MessageDraft, ReviewItem>, IBatchingPipelineStage
{
    /// <summary>The actor recorded on sandbox approvals.</summary>
    public const string Actor = SandboxWork.ActorPrefix + "auto-approver";

    /// <summary>The default number of drafts queued and approved together.</summary>
    public const int DefaultBatchSize = 100;

    private static readonly ApproveRequest AutoApproval = new(Feedback: "sandbox auto-approval");

    private readonly IReviewQueue _queue;
    private readonly HeldDrafts _held;

    /// <summary>Creates the stage with groups of <see cref="DefaultBatchSize"/> drafts.</summary>
    /// <param name="queue">The review queue.</param>
    public SandboxApproveStage(IReviewQueue queue)
        : this(queue, DefaultBatchSize)
    {
    }

    /// <summary>Creates the stage.</summary>
    /// <param name="queue">The review queue.</param>
    /// <param name="batchSize">Drafts queued and approved together (at least 1).</param>
    public SandboxApproveStage(IReviewQueue queue, int batchSize)
    {
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        BatchSize = batchSize;
        _held = new HeldDrafts(batchSize);
    }

    /// <inheritdoc />
    public override string Name => "approve";

    /// <summary>Drafts queued and approved together.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    public override ValueTask<StageOutcome> ProcessAsync(MessageDraft item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        _held.Add(item with { Sandbox = true });
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

        var queued = await _queue.EnqueueManyAsync(drafts, context.RunId, cancellationToken).ConfigureAwait(false);
        var outcomes = new StageOutcome[drafts.Length];
        var approving = new List<int>(drafts.Length);
        for (var i = 0; i < drafts.Length; i++)
        {
            if (queued[i].Item is not null)
            {
                approving.Add(i);
            }
            else
            {
                outcomes[i] = HeldDrafts.Refused(queued[i], drafts[i]);
            }
        }

        var decisions = await _queue.ApproveManyAsync([.. approving.Select(i => queued[i].Item!.Id)], AutoApproval, Actor, cancellationToken).ConfigureAwait(false);
        for (var d = 0; d < approving.Count; d++)
        {
            var i = approving[d];
            outcomes[i] = decisions[d].Succeeded
                ? StageOutcome.Pass(decisions[d].Item!)
                : StageOutcome.Fail($"approval refused: {decisions[d].Refusal?.Code}", Redact.Email(drafts[i].Lead.Lead.Lead.Email));
        }

        return outcomes;
    }
}
