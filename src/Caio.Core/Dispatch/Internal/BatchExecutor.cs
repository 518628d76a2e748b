using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Caio.Audit;
using Caio.Batches;
using Caio.Batches.Internal;
using Caio.Diagnostics;
using Caio.Internal;
using Caio.Leads;
using Caio.Notifications;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Caio.Dispatch.Internal.DispatchWire;

namespace Caio.Dispatch.Internal;

/// <summary>
/// Orchestration of one batch: the claim under the execution lease, the batch-execution loop over its
/// actions (<see cref="ExecuteAsync"/>), and the dry run of a batch (<see cref="DryRunAsync"/>). Each
/// action goes through the <see cref="SendProtocol"/>.
/// </summary>
internal sealed partial class BatchExecutor(
    BatchService batches,
    SafetyChain chain,
    IStateStore store,
    IAuditLog audit,
    IAlertPublisher alerts,
    TimeProvider timeProvider,
    IOptions<OperatorOptions> options,
    SendProtocol protocol,
    OutcomeRecorder recorder,
    ILogger<DispatchOperator> logger,
    CaioMetrics? metrics = null)
{
    /// <summary>The shortest wait for a deferral (a deferral already due is evaluated again after it).</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly OperatorOptions _options = options.Value;
    private readonly ILogger<DispatchOperator> _logger = logger;

    /// <summary>
    /// Executes one batch live: the emergency stop checked, the execution lease taken (and renewed while
    /// it runs), the batch claimed (compare-and-set, resumable, decision 0001), then the batch-execution
    /// loop — each pass runs every due action through the <see cref="SendProtocol"/>, at most
    /// <see cref="OperatorOptions.MaxInFlight"/> at a time, and may wait out a short deferral within the
    /// run's budget — and finally the batch completed, audited and, when partial, alerted.
    /// </summary>
    /// <param name="batchId">The batch.</param>
    /// <param name="motion">The motion the batch must have, or <see langword="null"/> for any.</param>
    /// <param name="channels">The selected channels.</param>
    /// <param name="waitUpTo">How long the run may wait out a short deferral.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="dueItems">
    /// When given, the items whose deferred actions the caller wants settled now: an action an earlier run
    /// deferred (with or without a time) whose item is not in the set keeps that deferral and is neither read
    /// nor evaluated; actions without an earlier deferral run as always. <see langword="null"/>: every
    /// action whose deferral is due runs.
    /// </param>
    public async Task<BatchDispatchReport> ExecuteAsync(string batchId, BatchMotion? motion, IReadOnlyDictionary<Channel, IDispatchChannel> channels, TimeSpan? waitUpTo, CancellationToken cancellationToken, IReadOnlySet<string>? dueItems = null)
    {
        var executor = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        using var batchActivity = StartBatchActivity(batchId);

        // A stopped system does not even claim the batch: it stays approved and runs once the stop is lifted.
        var stop = await chain.CheckEmergencyStopAsync(cancellationToken).ConfigureAwait(false);
        if (!stop.IsAllowed)
        {
            return new BatchDispatchReport { BatchId = batchId, Motion = motion, Refusal = stop.Refusal?.Code, Detail = stop.Refusal?.Detail ?? "the emergency stop is engaged" };
        }

        // Work sharing (decision 0008): each action runs under a claim, so several executors can work one batch.
        var claims = new ActionClaims(store, batches, timeProvider, _options, _logger);
        var lease = await store.TryAcquireLeaseAsync(ExecutionLeaseName(batchId), _options.ExecutionLeaseTtl, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            // Another executor holds the batch: help it with the actions nobody has claimed yet.
            var assisted = recorder.NewRefusalGroup();
            try
            {
                return await claims.AssistAsync(batchId, motion, (b, a, t) => protocol.SendAsync(b, a, channels, executor, assisted, t), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await assisted.FlushAsync().ConfigureAwait(false);
            }
        }

        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewLeaseAsync(lease, leaseLost);
        var refusals = recorder.NewRefusalGroup();
        try
        {
            var (claim, holds) = await batches.ClaimWithHoldsAsync(batchId, motion, executor, resume: true, dueItems, cancellationToken).ConfigureAwait(false);
            if (!claim.Succeeded || holds is null)
            {
                return new BatchDispatchReport { BatchId = batchId, Motion = claim.Batch?.Motion ?? motion, Refusal = claim.Refusal?.Code, Detail = claim.Refusal?.Detail };
            }

            var batch = claim.Batch!;

            // The wait budget is spent per wait as well as bounded by the clock, so a run ends within it
            // even on a clock that does not move (a fixed --now).
            var budget = waitUpTo is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            var deadline = timeProvider.GetUtcNow() + budget;
            deadline = deadline < batch.ExpiresAt ? deadline : batch.ExpiresAt;

            // Only what the batch still holds: not settled, not released to the approved pool by an earlier run.
            // An action an earlier run deferred until later is not read before it comes due: the batch's
            // known deferrals are looked at first, and only the other actions are read now.
            var known = (batch.Deferred ?? []).ToDictionary(d => d.ActionId, StringComparer.Ordinal);
            bool Waits(BatchAction action, DateTimeOffset now, [NotNullWhen(true)] out DeferredAction? earlier) =>
                known.TryGetValue(action.ActionId, out earlier) && (earlier.DeferUntil > now || (dueItems is not null && !dueItems.Contains(ItemIdOf(action))));
            var (pending, unverified) = HeldActions(batch, Waits, holds);
            LogExecuting(batch.Id, pending.Count, executor);
            var final = new ConcurrentDictionary<string, ActionOutcome>(StringComparer.Ordinal);
            var stopObserved = 0;
            while (true)
            {
                // An action deferred until later by an earlier run is not evaluated again before then; one
                // that comes due is checked against the batch's hold first, like every other action.
                var now = timeProvider.GetUtcNow();
                var due = new List<BatchAction>(pending.Count);
                var held = new List<BatchAction>(pending.Count);
                foreach (var action in pending)
                {
                    if (Waits(action, now, out var earlier))
                    {
                        final[action.ActionId] = Outcome(action, null, ActionOutcomes.Deferred, earlier.Reason, "deferred by an earlier run") with { DeferUntil = earlier.DeferUntil };
                        held.Add(action);
                    }
                    else if (!unverified.Remove(action.ActionId) || await batches.HoldsAsync(batch, ItemIdOf(action), cancellationToken).ConfigureAwait(false))
                    {
                        due.Add(action);
                        held.Add(action);
                    }
                    else
                    {
                        // Settled or released since the deferral was recorded: no longer this batch's to send or report.
                        final.TryRemove(action.ActionId, out _);
                    }
                }

                pending = held;

                // The batch-execution loop's pass: every due action, MaxInFlight at a time, under claims taken in groups.
                var passClaims = new PassClaims(claims, batch, due);
                try
                {
                    await Parallel.ForEachAsync(
                        due,
                        new ParallelOptions { MaxDegreeOfParallelism = _options.MaxInFlight, CancellationToken = leaseLost.Token },
                        async (action, token) =>
                        {
                            using var activity = StartSendActivity(batch, action);
                            if (Volatile.Read(ref stopObserved) == 1)
                            {
                                Settled(activity, final[action.ActionId] = await recorder.RecordStopObservedAsync(batch, action, channels, refusals).ConfigureAwait(false));
                                return;
                            }

                            var grouped = await passClaims.ClaimedAsync(action, token).ConfigureAwait(false);

                            ActionOutcome outcome;
                            try
                            {
                                outcome = grouped
                                    ? await protocol.SendAsync(batch, action, channels, executor, refusals, token).ConfigureAwait(false)
                                    : await claims.RunAsync(batch, action, t => protocol.SendAsync(batch, action, channels, executor, refusals, t), token).ConfigureAwait(false);
                            }
                            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                            {
                                // One action's failure must not abort its siblings' provider calls or lose the batch report.
                                LogActionFailed(ex, action.ActionId);
                                outcome = new ActionOutcome { ActionId = action.ActionId, ItemId = ItemIdOf(action), RecipientKey = action.Email, Channel = Wire(action.Channel), Step = action.Step, Outcome = ActionOutcomes.Refused, Reason = ex is StateUnavailableException ? ReasonCodes.StateUnavailable : ReasonCodes.OperatorError, Detail = ErrorText.Describe(ex) };
                            }

                            if (outcome.Reason?.ToString() is ReasonCodes.EmergencyStop or ReasonCodes.EmergencyStopUnreadable)
                            {
                                Volatile.Write(ref stopObserved, 1);
                            }

                            final[action.ActionId] = outcome;
                            if (grouped)
                            {
                                await passClaims.SettleAsync(action, outcome).ConfigureAwait(false);
                            }

                            Settled(activity, outcome);
                        }).ConfigureAwait(false);
                }
                finally
                {
                    // Settled claims are written, and those of claimed actions that never ran given up, before the pass reports.
                    await passClaims.DisposeAsync().ConfigureAwait(false);
                }

                // The pass's refusals and deferrals become durable together, before anything reports them.
                await refusals.FlushAsync().ConfigureAwait(false);
                pending = [.. pending.Where(a => final[a.ActionId].Outcome == ActionOutcomes.Deferred)];
                foreach (var action in pending)
                {
                    var outcome = final[action.ActionId];
                    known[action.ActionId] = new DeferredAction(action.ActionId, outcome.Reason ?? ReasonCodes.SafetyCheckFailed, outcome.DeferUntil);
                }

                // Wait out a short deferral within the bound the run was given, holding the lease.
                var next = pending.Select(a => final[a.ActionId].DeferUntil).Where(d => d is not null).Min();
                if (pending.Count == 0 || Volatile.Read(ref stopObserved) == 1 || next is not { } wakeUp || wakeUp > deadline)
                {
                    break;
                }

                var delay = wakeUp - timeProvider.GetUtcNow();
                delay = delay > MinimumWait ? delay : MinimumWait;
                if (delay > budget)
                {
                    break;
                }

                budget -= delay;
                await Task.Delay(delay, timeProvider, leaseLost.Token).ConfigureAwait(false);
            }

            var outcomes = final.Values;
            var list = outcomes.OrderBy(o => o.ActionId, StringComparer.Ordinal).ToList();
            var results = Summarize(list);
            var deferred = list.Where(o => o.Outcome == ActionOutcomes.Deferred).Select(o => known[o.ActionId]).ToList();
            await batches.CompleteExecutionAsync(batch, results, deferred, holds, CancellationToken.None).ConfigureAwait(false);
            var partial = results.Any(r => r.Sent > 0) && results.Any(r => r.Failed + r.MaybeSent > 0);
            await audit.AppendAsync(
                new AuditRecord
                {
                    At = timeProvider.GetUtcNow(),
                    Action = AuditActions.BatchExecuted,
                    Actor = executor,
                    BatchId = batch.Id,
                    Detail = string.Join("; ", results.Select(r => $"{r.Channel}: sent {r.Sent}, failed {r.Failed}, maybe_sent {r.MaybeSent}, refused {r.Refused}, deferred {r.Deferred}")),
                },
                CancellationToken.None).ConfigureAwait(false);
            if (partial)
            {
                await alerts.PublishAsync(
                    new AlertEvent
                    {
                        At = timeProvider.GetUtcNow(),
                        Level = 2,
                        Code = "partial_dispatch",
                        BatchId = batch.Id,
                        Message = $"Batch {batch.Id} dispatched partially: " + string.Join("; ", results.Select(r => $"{r.Channel} sent {r.Sent}, failed {r.Failed + r.MaybeSent}")),
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }

            return new BatchDispatchReport { BatchId = batch.Id, Motion = batch.Motion, Executed = true, Actions = list, Channels = results, Partial = partial };
        }
        finally
        {
            // An interrupted pass still records the refusals it made.
            await refusals.FlushAsync().ConfigureAwait(false);
            await leaseLost.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            try
            {
                await store.ReleaseLeaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException)
            {
                // The lease lapses on its own after its TTL.
                LogLeaseRenewalFailed(ex, lease.Name);
            }
        }
    }

    /// <summary>Whether an action keeps the deferral an earlier run recorded (and which) at a time.</summary>
    private delegate bool WaitsCheck(BatchAction action, DateTimeOffset now, [NotNullWhen(true)] out DeferredAction? earlier);

    /// <summary>
    /// The actions the batch may still hold: those that keep an earlier run's deferral (<paramref name="waits"/>) are
    /// returned as <c>unverified</c> too, and checked against the batch's hold when they come due; every other action
    /// is taken from what the claim's validation found (<paramref name="holds"/>), read moments ago under the
    /// execution lease. Each action's item is read again right before its send, whatever this says.
    /// </summary>
    private (List<BatchAction> Pending, HashSet<string> Unverified) HeldActions(DispatchBatch batch, WaitsCheck waits, BatchHolds holds)
    {
        var now = timeProvider.GetUtcNow();
        var pending = new List<BatchAction>(batch.Scope.Actions.Count);
        var unverified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in batch.Scope.Actions)
        {
            if (waits(action, now, out _))
            {
                pending.Add(action);
                unverified.Add(action.ActionId);
            }
            else if (holds.HoldsForSending(ItemIdOf(action)))
            {
                pending.Add(action);
            }
        }

        return (pending, unverified);
    }

    private async Task RenewLeaseAsync(Lease lease, CancellationTokenSource leaseLost)
    {
        using var timer = new PeriodicTimer(_options.ExecutionLeaseTtl / 3, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(leaseLost.Token).ConfigureAwait(false))
            {
                if (!await store.RenewLeaseAsync(lease, _options.ExecutionLeaseTtl, leaseLost.Token).ConfigureAwait(false))
                {
                    LogLeaseLost(lease.Name);
                    await leaseLost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Without a renewed lease another executor may take the batch over: stop starting sends.
            LogLeaseRenewalFailed(ex, lease.Name);
            await leaseLost.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Evaluates every action the batch still holds through every safety layer without reserving or
    /// writing anything, and reports whether the batch itself could run now.
    /// </summary>
    public async Task<BatchDispatchReport> DryRunAsync(string batchId, BatchMotion? motion, IReadOnlyDictionary<Channel, IDispatchChannel> channels, CancellationToken cancellationToken)
    {
        var batch = await batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false);
        if (batch is null)
        {
            return new BatchDispatchReport { BatchId = batchId, Motion = motion, Refusal = BatchRefusals.NotFound, Detail = $"no batch '{batchId}'" };
        }

        var refusal = await batches.ValidateAsync(batch, motion, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<ActionOutcome>(batch.Scope.Actions.Count);
        foreach (var action in batch.Scope.Actions)
        {
            if (batch.ExecutionStartedAt is not null && !await batches.HoldsAsync(batch, ItemIdOf(action), cancellationToken).ConfigureAwait(false))
            {
                continue; // settled or released by an earlier run
            }

            outcomes.Add(await protocol.EvaluateAsync(batch, action, channels, refusal is null, cancellationToken).ConfigureAwait(false));
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

    private static Activity? StartBatchActivity(string batchId) =>
        CaioTelemetry.ActivitySource.StartActivity(CaioTelemetry.BatchActivity)?.SetTag("caio.batch.id", batchId);

    private static Activity? StartSendActivity(DispatchBatch batch, BatchAction action) =>
        CaioTelemetry.ActivitySource.StartActivity(CaioTelemetry.SendActivity)?.SetTag("caio.batch.id", batch.Id).SetTag("caio.action.id", action.ActionId);

    /// <summary>Records a settled action of a live run: the send counter, its span's outcome and a debug line.</summary>
    private void Settled(Activity? activity, ActionOutcome outcome)
    {
        metrics?.SendSettled(outcome);
        CaioMetrics.Settle(activity, outcome);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogActionSettled(outcome.ActionId, LogRedaction.Recipient(_logger, outcome.RecipientKey), outcome.Channel, outcome.Outcome.ToWireName(), outcome.Reason?.ToString() ?? "-");
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Executing batch {BatchId}: {Actions} actions (executor {Executor})")]
    private partial void LogExecuting(string batchId, int actions, string executor);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Renewing or releasing execution lease {Lease} failed; no further sends start")]
    private partial void LogLeaseRenewalFailed(Exception exception, string lease);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Action {ActionId} failed inside the operator; it is reported as refused with operator_error")]
    private partial void LogActionFailed(Exception exception, string actionId);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Execution lease {Lease} was lost; no further sends start")]
    private partial void LogLeaseLost(string lease);

    [LoggerMessage(EventId = 308, Level = LogLevel.Debug, Message = "Action {ActionId} to {Recipient} via {Channel}: {Outcome} ({Reason})")]
    private partial void LogActionSettled(string actionId, string recipient, string channel, string outcome, string reason);
}
