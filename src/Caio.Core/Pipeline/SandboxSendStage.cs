using Caio.Batches;
using Caio.Dispatch;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;

namespace Caio.Pipeline;

/// <summary>
/// Sandbox send stage: groups approved items into batches, creates and approves a dispatch
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
    private static readonly string[] SandboxChannels = [ChannelNames.Sandbox];
    private bool _swept;

    /// <summary>Creates the stage.</summary>
    /// <param name="batches">Dispatch batches.</param>
    /// <param name="dispatchOperator">The operator.</param>
    /// <param name="batchSize">
    /// Items per batch; the default stages use <see cref="BatchOptions.MaxItems"/>, the most a production batch holds.
    /// </param>
    /// <param name="clock">
    /// The run's simulated clock, when it has one: sends deferred to a later time of the simulated day
    /// (minimum gap, send window, hourly caps) are retried then, by runs of the batch that holds them, so
    /// the run shows a whole day of dispatch; without it every send is tried once, at the current time.
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
            foreach (var group in items.GroupBy(i => i.Motion))
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
                // The run settles the batch's items that are due now (each is sent, refused or waits again); the batch's
                // other deferred actions keep their deferral and are not read.
                var held = _waiting.Where(w => w.Value.BatchId == batchId && w.Value.At <= next).Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var itemId in held)
                {
                    _waiting.Remove(itemId);
                }

                await RunBatchAsync(batchId, held, outcomes, cancellationToken).ConfigureAwait(false);
            }
        }

        return outcomes;
    }

    private async ValueTask ExecuteAsync(BatchMotion motion, List<string> ids, List<StageOutcome> outcomes, CancellationToken cancellationToken)
    {
        var created = await _batches.CreateAsync(motion, SandboxApproveStage.Actor, ids, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            outcomes.AddRange(ids.Select(_ => StageOutcome.Fail($"batch not created: {created.Refusal?.Code}")));
            return;
        }

        var batch = created.Batch!;
        var inScope = batch.Scope.ItemIds.ToHashSet(StringComparer.Ordinal);
        outcomes.AddRange(ids.Where(itemId => !inScope.Contains(itemId)).Select(_ => StageOutcome.Fail("not batched: the item is no longer approved or is in another open batch")));
        var approval = await _batches.ApproveAsync(batch.Id, SandboxApproveStage.Actor, cancellationToken).ConfigureAwait(false);
        if (!approval.Succeeded)
        {
            outcomes.AddRange(inScope.Select(_ => StageOutcome.Fail($"batch not approved: {approval.Refusal?.Code}")));
            return;
        }

        await RunBatchAsync(batch.Id, inScope, outcomes, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RunBatchAsync(string batchId, HashSet<string> itemIds, List<StageOutcome> outcomes, CancellationToken cancellationToken)
    {
        // The first run is a whole operator run, with its sweep of expired batches and orphaned claims;
        // the stage's later runs only execute its own batches, each validated (expiry included) when claimed,
        // and settle only the deferrals of the items that are due now: the batch's other deferred actions keep
        // their deferral without being read (each action sent is still re-read and re-checked right before).
        BatchDispatchReport run;
        if (_swept)
        {
            run = await _operator.RunBatchWithoutSweepAsync(batchId, SandboxChannels, itemIds, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var report = await _operator.RunAsync(
                new OperatorRequest { BatchId = batchId, Motion = null, Live = true, Channels = SandboxChannels },
                cancellationToken).ConfigureAwait(false);
            _swept = report.Refusal is null;
            run = report.Batches.Count == 1
                ? report.Batches[0]
                : new BatchDispatchReport { BatchId = batchId, Motion = null, Refusal = report.Refusal, Detail = report.Note };
        }

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
                ActionOutcomes.Refused or ActionOutcomes.Deferred => StageOutcome.Filter(action.Reason?.ToString() ?? action.Outcome.ToWireName()),
                _ => StageOutcome.Fail($"{action.Outcome.ToWireName()}: {action.Reason}", Redact.Email(action.RecipientKey)),
            });
        }

        // Every item is accounted for, even one the batch no longer reports.
        outcomes.AddRange(itemIds.Where(id => !reported.Contains(id)).Select(_ => StageOutcome.Fail("the batch no longer holds this item")));
    }
}
