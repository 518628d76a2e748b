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
    private readonly List<MessageDraft> _held = [];

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
        if (_held.Count == 0 || (!final && _held.Count < BatchSize))
        {
            return [];
        }

        MessageDraft[] drafts = [.. _held];
        _held.Clear();
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
                outcomes[i] = queued[i].RefusalReason == ReasonCodes.Duplicate
                    ? StageOutcome.Filter(ReasonCodes.Duplicate)
                    : StageOutcome.Fail($"{queued[i].RefusalReason}: {queued[i].Detail}", Redact.Email(drafts[i].Lead.Lead.Lead.Email));
            }
        }

        var decisions = await _queue.ApproveManyAsync([.. approving.Select(i => queued[i].Item!.Id)], AutoApproval, Actor, cancellationToken).ConfigureAwait(false);
        for (var d = 0; d < approving.Count; d++)
        {
            var i = approving[d];
            outcomes[i] = decisions[d].Succeeded
                ? StageOutcome.Pass(decisions[d].Item!)
                : StageOutcome.Fail($"approval refused: {decisions[d].RefusalCode}", Redact.Email(drafts[i].Lead.Lead.Lead.Email));
        }

        return outcomes;
    }
}

/// <summary>
/// Sandbox send stage: groups approved items into micro-batches, creates and approves a dispatch
/// batch for each, and executes it live through the operator on the recording sandbox channels —
/// the same gatekeeper, safety chain and ledger as production. Sent items pass; items a safety layer
/// refuses or defers are counted under their reason code; failed and maybe-sent items are errors. With a
/// <see cref="SandboxClock"/> the stage plays out the simulated day: deferred sends are retried when they
/// could go, until the day ends.
/// </summary>
public sealed class SandboxSendStage : PipelineStage<ReviewItem, ActionOutcome>, IBatchingPipelineStage
{
    private readonly BatchService _batches;
    private readonly DispatchOperator _operator;
    private readonly int _batchSize;
    private readonly SandboxClock? _clock;
    private readonly List<ReviewItem> _held = [];
    private readonly Dictionary<string, (string BatchId, DateTimeOffset At)> _waiting = new(StringComparer.Ordinal);

    /// <summary>Creates the stage.</summary>
    /// <param name="batches">Dispatch batches.</param>
    /// <param name="dispatchOperator">The operator.</param>
    /// <param name="batchSize">Items per micro-batch.</param>
    /// <param name="clock">
    /// The run's simulated clock, when it has one: sends deferred to a later time of the simulated day
    /// (minimum gap, send window, hourly caps) are retried then, in new micro-batches, so the run shows a
    /// whole day of dispatch; without it every send is tried once, at the current time.
    /// </param>
    public SandboxSendStage(BatchService batches, DispatchOperator dispatchOperator, int batchSize = 100, SandboxClock? clock = null)
    {
        _batches = batches ?? throw new ArgumentNullException(nameof(batches));
        _operator = dispatchOperator ?? throw new ArgumentNullException(nameof(dispatchOperator));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
        _clock = clock;
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
        var outcomes = new List<StageOutcome>();
        if (_held.Count > 0 && (final || _held.Count >= _batchSize))
        {
            var items = _held.ToList();
            _held.Clear();
            foreach (var group in items.GroupBy(i => i.Motion, StringComparer.Ordinal))
            {
                await ExecuteAsync(group.Key, [.. group.Select(i => i.Id)], outcomes, cancellationToken).ConfigureAwait(false);
            }
        }

        // Once every item had its first try, the simulated day runs on: the clock moves to the next time a
        // deferred send could go and the batch holding it runs again — an approved batch keeps authorizing
        // the actions it deferred — until nothing more can go before the day ends.
        while (final && _clock is not null && _waiting.Count > 0)
        {
            var next = _waiting.Values.Min(w => w.At);
            _clock.AdvanceTo(next);
            foreach (var batchId in _waiting.Values.Where(w => w.At <= next).Select(w => w.BatchId).Distinct(StringComparer.Ordinal).ToList())
            {
                // The run reports every action the batch still holds, so each waiting item is settled or waits again.
                var held = _waiting.Where(w => w.Value.BatchId == batchId).Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var itemId in held)
                {
                    _waiting.Remove(itemId);
                }

                await RunBatchAsync(batchId, held, outcomes, cancellationToken).ConfigureAwait(false);
            }
        }

        return outcomes;
    }

    private async ValueTask ExecuteAsync(string motion, List<string> ids, List<StageOutcome> outcomes, CancellationToken cancellationToken)
    {
        var created = await _batches.CreateAsync(motion, SandboxApproveStage.Actor, ids, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            outcomes.AddRange(ids.Select(_ => StageOutcome.Fail($"batch not created: {created.RefusalCode}")));
            return;
        }

        var batch = created.Batch!;
        var inScope = batch.Scope.ItemIds.ToHashSet(StringComparer.Ordinal);
        outcomes.AddRange(ids.Where(itemId => !inScope.Contains(itemId)).Select(_ => StageOutcome.Fail("not batched: the item is no longer approved or is in another open batch")));
        var approval = await _batches.ApproveAsync(batch.Id, SandboxApproveStage.Actor, cancellationToken).ConfigureAwait(false);
        if (!approval.Succeeded)
        {
            outcomes.AddRange(inScope.Select(_ => StageOutcome.Fail($"batch not approved: {approval.RefusalCode}")));
            return;
        }

        await RunBatchAsync(batch.Id, inScope, outcomes, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RunBatchAsync(string batchId, HashSet<string> itemIds, List<StageOutcome> outcomes, CancellationToken cancellationToken)
    {
        var report = await _operator.RunAsync(
            new OperatorRequest { BatchId = batchId, Motion = "all", Live = true, Channels = [ChannelNames.Sandbox] },
            cancellationToken).ConfigureAwait(false);
        var run = report.Batches.Single();
        if (run.Refusal is not null)
        {
            outcomes.AddRange(itemIds.Select(_ => StageOutcome.Fail($"batch refused: {run.Refusal}")));
            return;
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in run.Actions.Where(a => itemIds.Contains(a.ItemId) && reported.Add(a.ItemId)))
        {
            if (action.Outcome == ActionOutcomes.Deferred && _clock is not null && action.DeferUntil is { } at
                && at > _clock.GetUtcNow() && at < _clock.End)
            {
                _waiting[action.ItemId] = (batchId, at);
                continue;
            }

            outcomes.Add(action.Outcome switch
            {
                ActionOutcomes.Sent => StageOutcome.Pass(action),
                ActionOutcomes.Refused or ActionOutcomes.Deferred => StageOutcome.Filter(action.Reason ?? action.Outcome.ToWireName()),
                _ => StageOutcome.Fail($"{action.Outcome.ToWireName()}: {action.Reason}", Redact.Email(action.RecipientKey)),
            });
        }

        // Every item is accounted for, even one the batch no longer reports.
        outcomes.AddRange(itemIds.Where(id => !reported.Contains(id)).Select(_ => StageOutcome.Fail("the batch no longer holds this item")));
    }
}
