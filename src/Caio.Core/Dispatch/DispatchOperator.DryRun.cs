using Caio.Batches;
using Caio.Leads;
using Caio.Safety;

namespace Caio.Dispatch;

public sealed partial class DispatchOperator
{
    /// <summary>
    /// Creates a batch like <see cref="BatchService.CreateAsync(string, string, IReadOnlyCollection{string}?, CancellationToken)"/>
    /// and evaluates each of its actions through the safety chain without reserving anything: the
    /// result's <see cref="BatchOperationResult.Notices"/> lists the actions that cannot go out now,
    /// with the reason and, for a deferral, the time they would go.
    /// </summary>
    /// <param name="motion">The motion.</param>
    /// <param name="actor">Who creates it.</param>
    /// <param name="itemIds">The items to batch, or <see langword="null"/> for every waiting approved item.</param>
    /// <param name="channels">Channels to evaluate against, as in <see cref="OperatorRequest.Channels"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new batch with its notices, or the refusal.</returns>
    public async Task<BatchOperationResult> CreateBatchAsync(string motion, string actor, IReadOnlyCollection<string>? itemIds = null, IReadOnlyList<string>? channels = null, CancellationToken cancellationToken = default)
    {
        var created = await _batches.CreateAsync(motion, actor, itemIds, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return created;
        }

        var preview = await DryRunAsync(created.Batch!.Id, motion, SelectChannels(channels, motion), cancellationToken).ConfigureAwait(false);
        return created with
        {
            Notices = [.. preview.Actions
                .Where(a => a.Outcome is ActionOutcomes.Deferred or ActionOutcomes.Refused)
                .Select(a => new BatchActionNotice(a.ActionId, a.ItemId, a.RecipientKey, a.Channel, a.Outcome, a.Reason ?? ReasonCodes.SafetyCheckFailed, a.DeferUntil, a.Detail))],
        };
    }

    private async Task<BatchDispatchReport> DryRunAsync(string batchId, string? motion, IReadOnlyDictionary<Channel, IDispatchChannel> channels, CancellationToken cancellationToken)
    {
        var batch = await _batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false);
        if (batch is null)
        {
            return new BatchDispatchReport { BatchId = batchId, Motion = motion ?? "?", Refusal = BatchRefusals.NotFound, Detail = $"no batch '{batchId}'" };
        }

        var refusal = await _batches.ValidateAsync(batch, motion, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<ActionOutcome>(batch.Scope.Actions.Count);
        foreach (var action in batch.Scope.Actions)
        {
            if (batch.ExecutionStartedAt is not null && !await _batches.HoldsAsync(batch, ItemIdOf(action), cancellationToken).ConfigureAwait(false))
            {
                continue; // settled or released by an earlier run
            }

            var (item, unreadable) = await ReadItemAsync(action, cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                outcomes.Add(unreadable);
                continue;
            }

            if (item is null || !channels.TryGetValue(action.Channel, out var channel))
            {
                outcomes.Add(Outcome(action, item, ActionOutcomes.Refused, item is null ? ReasonCodes.ItemNotFound : ReasonCodes.NoChannel, item is null ? "the review item is gone" : $"no {Wire(action.Channel)} channel selected"));
                continue;
            }

            var recipientKey = FrozenRecipientKey(action);
            if (CheckFrozen(batch, action, item, recipientKey) is { } changed)
            {
                outcomes.Add(Outcome(action, item, ActionOutcomes.Refused, changed.ReasonCode, changed.Detail));
                continue;
            }

            var context = BuildContext(batch, action, recipientKey!, item, channel, refusal is null, live: false);
            var result = await _chain.EvaluateAsync(context, EvaluationMode.DryRun, cancellationToken).ConfigureAwait(false);
            var findings = result.Findings.Where(f => !f.Decision.IsAllowed && f.Decision.ReasonCode != ReasonCodes.DryRun).ToList();
            if (findings.Count == 0)
            {
                outcomes.Add(Outcome(action, item, ActionOutcomes.WouldSend, null, null));
                continue;
            }

            var first = findings[0].Decision;
            outcomes.Add(Outcome(action, item, first.IsDeferred ? ActionOutcomes.Deferred : ActionOutcomes.Refused, first.ReasonCode, first.Detail) with
            {
                DeferUntil = first.DeferUntil,
                Findings = [.. findings.Select(f => $"{f.Guard}: {f.Decision.ReasonCode}")],
            });
        }

        return new BatchDispatchReport
        {
            BatchId = batch.Id,
            Motion = batch.Motion,
            Refusal = refusal?.Code,
            Detail = refusal?.Detail,
            Actions = outcomes,
            Channels = Summarize(outcomes),
        };
    }
}
