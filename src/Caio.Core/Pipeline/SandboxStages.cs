using Caio.Batches;
using Caio.Dispatch;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;

namespace Caio.Pipeline;

/// <summary>
/// Sandbox approval stage: queues each draft exactly like production (same hygiene: duplicates and
/// placeholders are refused) and approves it as <see cref="Actor"/>, so the run can go on to dispatch.
/// </summary>
/// <param name="queue">The review queue.</param>
public sealed class SandboxApproveStage(IReviewQueue queue) : PipelineStage<MessageDraft, ReviewItem>
{
    /// <summary>The actor recorded on sandbox approvals.</summary>
    public const string Actor = SandboxWork.ActorPrefix + "auto-approver";

    /// <inheritdoc />
    public override string Name => "approve";

    /// <inheritdoc />
    public override bool IsThreadSafe => true;

    /// <inheritdoc />
    public override async ValueTask<StageOutcome> ProcessAsync(MessageDraft item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var queued = await queue.EnqueueAsync(item with { Sandbox = true }, context.RunId, cancellationToken).ConfigureAwait(false);
        if (queued.Item is null)
        {
            return queued.RefusalReason == "duplicate"
                ? StageOutcome.Filter("duplicate")
                : StageOutcome.Fail($"{queued.RefusalReason}: {queued.Detail}", Redact.Email(item.Lead.Lead.Lead.Email));
        }

        var decision = await queue.ApproveAsync(queued.Item.Id, new ApproveRequest(Feedback: "sandbox auto-approval"), Actor, cancellationToken).ConfigureAwait(false);
        return decision.Succeeded
            ? StageOutcome.Pass(decision.Item!)
            : StageOutcome.Fail($"approval refused: {decision.RefusalCode}", Redact.Email(item.Lead.Lead.Lead.Email));
    }
}

/// <summary>
/// Sandbox send stage: groups approved items into micro-batches, creates and approves a dispatch
/// batch for each, and executes it live through the operator on the recording sandbox channels —
/// the same gatekeeper, safety chain and ledger as production. Sent items pass; items a safety layer
/// refuses or defers are counted under their reason code; failed and maybe-sent items are errors.
/// </summary>
public sealed class SandboxSendStage : PipelineStage<ReviewItem, ActionOutcome>, IBatchingPipelineStage
{
    private readonly BatchService _batches;
    private readonly DispatchOperator _operator;
    private readonly int _batchSize;
    private readonly List<ReviewItem> _held = [];

    /// <summary>Creates the stage.</summary>
    /// <param name="batches">Dispatch batches.</param>
    /// <param name="dispatchOperator">The operator.</param>
    /// <param name="batchSize">Items per micro-batch.</param>
    public SandboxSendStage(BatchService batches, DispatchOperator dispatchOperator, int batchSize = 100)
    {
        _batches = batches ?? throw new ArgumentNullException(nameof(batches));
        _operator = dispatchOperator ?? throw new ArgumentNullException(nameof(dispatchOperator));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
    }

    /// <inheritdoc />
    public override string Name => "send";

    /// <inheritdoc />
    public override ValueTask<StageOutcome> ProcessAsync(ReviewItem item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        _held.Add(item);
        return ValueTask.FromResult(StageOutcome.Held());
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StageOutcome>> DrainAsync(bool final, PipelineContext context, CancellationToken cancellationToken)
    {
        if (_held.Count == 0 || (!final && _held.Count < _batchSize))
        {
            return [];
        }

        var items = _held.ToList();
        _held.Clear();
        var outcomes = new List<StageOutcome>(items.Count);
        var byMotion = items.GroupBy(i => i.Motion, StringComparer.Ordinal);
        foreach (var group in byMotion)
        {
            var ids = group.Select(i => i.Id).ToList();
            var created = await _batches.CreateAsync(group.Key, SandboxApproveStage.Actor, ids, cancellationToken).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                outcomes.AddRange(ids.Select(_ => StageOutcome.Fail($"batch not created: {created.RefusalCode}")));
                continue;
            }

            var batch = created.Batch!;
            var inScope = batch.Scope.ItemIds.ToHashSet(StringComparer.Ordinal);
            outcomes.AddRange(ids.Where(itemId => !inScope.Contains(itemId)).Select(_ => StageOutcome.Fail("not batched: the item is no longer approved or is in another open batch")));
            var approval = await _batches.ApproveAsync(batch.Id, SandboxApproveStage.Actor, cancellationToken).ConfigureAwait(false);
            if (!approval.Succeeded)
            {
                outcomes.AddRange(inScope.Select(_ => StageOutcome.Fail($"batch not approved: {approval.RefusalCode}")));
                continue;
            }

            var report = await _operator.RunAsync(
                new OperatorRequest { Motion = batch.Motion, BatchId = batch.Id, Live = true, Channels = ["sandbox"] },
                cancellationToken).ConfigureAwait(false);
            var run = report.Batches.Single();
            if (run.Refusal is not null)
            {
                outcomes.AddRange(inScope.Select(_ => StageOutcome.Fail($"batch refused: {run.Refusal}")));
                continue;
            }

            foreach (var action in run.Actions)
            {
                outcomes.Add(action.Outcome switch
                {
                    ActionOutcomes.Sent => StageOutcome.Pass(action),
                    ActionOutcomes.Refused or ActionOutcomes.Deferred => StageOutcome.Filter(action.Reason ?? action.Outcome),
                    _ => StageOutcome.Fail($"{action.Outcome}: {action.Reason}", Redact.Email(action.RecipientKey)),
                });
            }
        }

        return outcomes;
    }
}
