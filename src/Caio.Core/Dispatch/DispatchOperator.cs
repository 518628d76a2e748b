using System.Collections.Concurrent;
using Caio.Audit;
using Caio.Batches;
using Caio.Dedup;
using Caio.Diagnostics;
using Caio.Leads;
using Caio.Notifications;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.Dispatch;

/// <summary>
/// The operator: runs approved dispatch batches through the safety chain and the send ledger to the
/// channels. Per action, in this order: safety chain (caps reserved atomically) → ledger reservation
/// of (recipient, step) → emergency stop re-checked → provider call with the idempotency key →
/// outcome recorded (sent, send_failed, or maybe_sent when the outcome is unknown). Nothing in
/// maybe_sent is ever resent automatically; <see cref="ReconcileAsync"/> settles it.
/// </summary>
public sealed partial class DispatchOperator
{
    /// <summary>Actor recorded for the operator's own audit entries.</summary>
    public const string SystemActor = "system:operator";

    /// <summary>The shortest wait for a deferral (a deferral already due is evaluated again after it).</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly BatchService _batches;
    private readonly IReviewQueue _queue;
    private readonly SendLedger _ledger;
    private readonly SafetyChain _chain;
    private readonly ContactHistory _history;
    private readonly RampTracker _ramp;
    private readonly IReadOnlyList<IDispatchChannel> _channels;
    private readonly IStateStore _store;
    private readonly IAuditLog _audit;
    private readonly IAlertPublisher _alerts;
    private readonly TimeProvider _timeProvider;
    private readonly OperatorOptions _options;
    private readonly ILogger<DispatchOperator> _logger;
    private readonly CaioMetrics? _metrics;
    private readonly RefusalStatistics _refusals;
    private readonly EmailCanonicalizer _canonicalizer;

    /// <summary>Creates the operator.</summary>
    /// <param name="batches">Dispatch batches.</param>
    /// <param name="queue">Review queue.</param>
    /// <param name="ledger">Send ledger.</param>
    /// <param name="chain">The safety chain.</param>
    /// <param name="history">Contact history.</param>
    /// <param name="ramp">Ramp tracker.</param>
    /// <param name="channels">Registered channels.</param>
    /// <param name="store">State backend (execution leases).</param>
    /// <param name="audit">Audit trail.</param>
    /// <param name="alerts">Alerts.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="options">Operator options.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="refusals">Refusal counts per reason, for status.</param>
    /// <param name="canonicalizer">Canonicalizes the frozen recipient of each action, as the review queue does.</param>
    /// <param name="metrics">Caio's instruments; <see langword="null"/> records no metrics.</param>
    public DispatchOperator(
        BatchService batches,
        IReviewQueue queue,
        SendLedger ledger,
        SafetyChain chain,
        ContactHistory history,
        RampTracker ramp,
        IEnumerable<IDispatchChannel> channels,
        IStateStore store,
        IAuditLog audit,
        IAlertPublisher alerts,
        TimeProvider timeProvider,
        IOptions<OperatorOptions> options,
        ILogger<DispatchOperator> logger,
        RefusalStatistics refusals,
        EmailCanonicalizer canonicalizer,
        CaioMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(options);
        _batches = batches ?? throw new ArgumentNullException(nameof(batches));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _ramp = ramp ?? throw new ArgumentNullException(nameof(ramp));
        _channels = [.. channels];
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _alerts = alerts ?? throw new ArgumentNullException(nameof(alerts));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _refusals = refusals ?? throw new ArgumentNullException(nameof(refusals));
        _canonicalizer = canonicalizer ?? throw new ArgumentNullException(nameof(canonicalizer));
        _metrics = metrics;
    }

    /// <summary>
    /// Runs the approved batches of a motion (or one batch). Without <see cref="OperatorRequest.Live"/>
    /// nothing is sent: every action is evaluated by every safety layer and reported as
    /// <c>would_send</c> or with the reasons it would be refused.
    /// </summary>
    /// <param name="request">What to run.</param>
    /// <param name="cancellationToken">Cancels the run; an interrupted batch stays executing and is resumed by the next run.</param>
    /// <returns>The report.</returns>
    public async Task<OperatorReport> RunAsync(OperatorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await RunCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (StateUnavailableException ex)
        {
            // The shared state cannot be read or written: nothing is dispatched, and nothing stands in for it.
            LogStateUnavailable(ex, ex.Operation, ex.Endpoint);
            return new OperatorReport { Motion = request.Motion, Live = request.Live, Batches = [], Refusal = ReasonCodes.StateUnavailable, Note = ex.Message };
        }
    }

    private async Task<OperatorReport> RunCheckedAsync(OperatorRequest request, CancellationToken cancellationToken)
    {
        var motions = request.Motion == "all" ? BatchMotions.All : [request.Motion];
        if (!motions.All(BatchMotions.IsValid))
        {
            throw new ArgumentException($"Unknown motion '{request.Motion}'. Expected outbound, cadence, revival or all.", nameof(request));
        }

        var channels = SelectChannels(request.Channels);
        if (request.Live && channels.Count == 0)
        {
            // Without any channel every action would be refused: refuse the run before a batch is claimed or expired.
            return await RefuseWithoutChannelAsync(request, motions, cancellationToken).ConfigureAwait(false);
        }

        if (request.Live)
        {
            // Expiry is a write: a dry run only reports batch_expired and changes nothing.
            await _batches.ExpireStaleAsync(cancellationToken).ConfigureAwait(false);
        }

        var reports = new List<BatchDispatchReport>();
        if (request.BatchId is { } batchId)
        {
            var motion = request.Motion == "all" ? null : request.Motion;
            reports.Add(request.Live
                ? await ExecuteAsync(batchId, motion, SelectChannels(request.Channels, motion), request.WaitUpTo, cancellationToken).ConfigureAwait(false)
                : await DryRunAsync(batchId, motion, SelectChannels(request.Channels, motion), cancellationToken).ConfigureAwait(false));
            return new OperatorReport { Motion = request.Motion, Live = request.Live, Batches = reports };
        }

        var candidates = new List<DispatchBatch>();
        foreach (var status in request.Live ? new[] { BatchStatus.Executing, BatchStatus.Approved } : [BatchStatus.Approved])
        {
            candidates.AddRange((await _batches.ListAsync(status, cancellationToken).ConfigureAwait(false)).Where(b => motions.Contains(b.Motion)));
        }

        foreach (var batch in candidates.OrderBy(b => b.CreatedAt))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request.Live && NextDeferral(batch) is { } next && next > _timeProvider.GetUtcNow() + (request.WaitUpTo ?? TimeSpan.Zero))
            {
                // An earlier run left only deferrals that cannot go yet: nothing to claim until then.
                reports.Add(new BatchDispatchReport { BatchId = batch.Id, Motion = batch.Motion, Detail = batch.Deferred!.Count == 1 ? $"1 deferred action waits in this batch; it can go at {next:O}" : $"{batch.Deferred.Count} deferred actions wait in this batch; the next can go at {next:O}" });
                continue;
            }

            reports.Add(request.Live
                ? await ExecuteAsync(batch.Id, batch.Motion, SelectChannels(request.Channels, batch.Motion), request.WaitUpTo, cancellationToken).ConfigureAwait(false)
                : await DryRunAsync(batch.Id, batch.Motion, SelectChannels(request.Channels, batch.Motion), cancellationToken).ConfigureAwait(false));
        }

        var note = reports.Count == 0 ? $"no approved {request.Motion} batch to run; create one with 'batch create' and approve it with 'batch approve'" : null;
        return new OperatorReport { Motion = request.Motion, Live = request.Live, Batches = reports, Note = note };
    }

    private async Task<OperatorReport> RefuseWithoutChannelAsync(OperatorRequest request, IReadOnlyList<string> motions, CancellationToken cancellationToken)
    {
        var detail = request.Channels is { Count: > 0 } named
            ? $"none of the requested channels ({string.Join(", ", named)}) is registered; nothing was claimed"
            : "no real channel is registered (only the sandbox channels); register a provider channel, or rehearse with --channels sandbox; nothing was claimed";
        var batches = new List<BatchDispatchReport>();
        if (request.BatchId is { } batchId)
        {
            batches.Add(new BatchDispatchReport { BatchId = batchId, Motion = request.Motion == "all" ? "?" : request.Motion, Refusal = ReasonCodes.NoChannel, Detail = detail });
        }
        else
        {
            foreach (var status in new[] { BatchStatus.Executing, BatchStatus.Approved })
            {
                foreach (var batch in (await _batches.ListAsync(status, cancellationToken).ConfigureAwait(false)).Where(b => motions.Contains(b.Motion)).OrderBy(b => b.CreatedAt))
                {
                    batches.Add(new BatchDispatchReport { BatchId = batch.Id, Motion = batch.Motion, Refusal = ReasonCodes.NoChannel, Detail = detail });
                }
            }
        }

        return new OperatorReport { Motion = request.Motion, Live = true, Batches = batches, Refusal = ReasonCodes.NoChannel, Note = detail };
    }

    private static string ExecutionLeaseName(string batchId) => "batch-exec:" + batchId;

    /// <summary>For an approved batch that an earlier run left holding only deferred actions: when the first of them may go.</summary>
    private static DateTimeOffset? NextDeferral(DispatchBatch batch) =>
        batch.Status == BatchStatus.Approved && batch.Deferred is { Count: > 0 } deferred && deferred.All(d => d.DeferUntil is not null)
            ? deferred.Min(d => d.DeferUntil)
            : null;

    private IReadOnlyDictionary<Channel, IDispatchChannel> SelectChannels(IReadOnlyList<string>? requested, string? motion = null)
    {
        var names = requested is { Count: > 0 } ? requested : [.. _options.Channels];
        var selected = new Dictionary<Channel, IDispatchChannel>();
        foreach (var channel in _channels)
        {
            var isSandbox = channel is SandboxChannel;
            var wanted = names.Count == 0
                ? !isSandbox
                : names.Any(n => string.Equals(n, channel.Name, StringComparison.OrdinalIgnoreCase) || (isSandbox && string.Equals(n, "sandbox", StringComparison.OrdinalIgnoreCase)));
            if (wanted && (motion is null || channel.Serves(motion)))
            {
                selected.TryAdd(channel.Channel, channel);
            }
        }

        return selected;
    }

    private async Task<BatchDispatchReport> ExecuteAsync(string batchId, string? motion, IReadOnlyDictionary<Channel, IDispatchChannel> channels, TimeSpan? waitUpTo, CancellationToken cancellationToken)
    {
        var executor = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        using var batchActivity = StartBatchActivity(batchId);

        // A stopped system does not even claim the batch: it stays approved and runs once the stop is lifted.
        var stop = await _chain.CheckEmergencyStopAsync(cancellationToken).ConfigureAwait(false);
        if (!stop.IsAllowed)
        {
            return new BatchDispatchReport { BatchId = batchId, Motion = motion ?? "?", Refusal = stop.ReasonCode, Detail = stop.Detail ?? "the emergency stop is engaged" };
        }

        var claims = new ActionClaims(_store, _batches, _timeProvider, _options);
        var lease = await _store.TryAcquireLeaseAsync(ExecutionLeaseName(batchId), _options.ExecutionLeaseTtl, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return await claims.AssistAsync(batchId, motion, (b, a, t) => SendOneAsync(b, a, channels, executor, t), cancellationToken).ConfigureAwait(false);
        }

        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewLeaseAsync(lease, leaseLost);
        try
        {
            var claim = await _batches.ClaimForExecutionAsync(batchId, motion, executor, resume: true, cancellationToken).ConfigureAwait(false);
            if (!claim.Succeeded)
            {
                return new BatchDispatchReport { BatchId = batchId, Motion = claim.Batch?.Motion ?? motion ?? "?", Refusal = claim.RefusalCode, Detail = claim.Detail };
            }

            var batch = claim.Batch!;

            // The wait budget is spent per wait as well as bounded by the clock, so a run ends within it
            // even on a clock that does not move (a fixed --now).
            var budget = waitUpTo is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            var deadline = _timeProvider.GetUtcNow() + budget;
            deadline = deadline < batch.ExpiresAt ? deadline : batch.ExpiresAt;

            // Only what the batch still holds: not settled, not released to the approved pool by an earlier run.
            var pending = new List<BatchAction>(batch.Scope.Actions.Count);
            foreach (var action in batch.Scope.Actions)
            {
                if (await _batches.HoldsAsync(batch, ItemIdOf(action), cancellationToken).ConfigureAwait(false))
                {
                    pending.Add(action);
                }
            }

            LogExecuting(batch.Id, pending.Count, executor);
            var known = (batch.Deferred ?? []).ToDictionary(d => d.ActionId, StringComparer.Ordinal);
            var final = new ConcurrentDictionary<string, ActionOutcome>(StringComparer.Ordinal);
            var stopObserved = 0;
            while (true)
            {
                // An action deferred until later by an earlier run is not evaluated again before then.
                var now = _timeProvider.GetUtcNow();
                var due = new List<BatchAction>(pending.Count);
                foreach (var action in pending)
                {
                    if (known.TryGetValue(action.ActionId, out var earlier) && earlier.DeferUntil > now)
                    {
                        final[action.ActionId] = Outcome(action, null, ActionOutcomes.Deferred, earlier.Reason, "deferred by an earlier run") with { DeferUntil = earlier.DeferUntil };
                    }
                    else
                    {
                        due.Add(action);
                    }
                }

                await Parallel.ForEachAsync(
                    due,
                    new ParallelOptions { MaxDegreeOfParallelism = _options.MaxInFlight, CancellationToken = leaseLost.Token },
                    async (action, token) =>
                    {
                        using var activity = StartSendActivity(batch, action);
                        if (Volatile.Read(ref stopObserved) == 1)
                        {
                            Settled(activity, final[action.ActionId] = await RecordStopObservedAsync(batch, action, channels).ConfigureAwait(false));
                            return;
                        }

                        ActionOutcome outcome;
                        try
                        {
                            outcome = await claims.RunAsync(batch, action, t => SendOneAsync(batch, action, channels, executor, t), token).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                        {
                            // One action's failure must not abort its siblings' provider calls or lose the batch report.
                            LogActionFailed(ex, action.ActionId);
                            outcome = new ActionOutcome { ActionId = action.ActionId, ItemId = ItemIdOf(action), RecipientKey = action.Email, Channel = Wire(action.Channel), Step = action.Step, Outcome = ActionOutcomes.Refused, Reason = ex is StateUnavailableException ? ReasonCodes.StateUnavailable : ReasonCodes.OperatorError, Detail = $"{ex.GetType().Name}: {ex.Message}" };
                        }

                        if (outcome.Reason is ReasonCodes.EmergencyStop or ReasonCodes.EmergencyStopUnreadable)
                        {
                            Volatile.Write(ref stopObserved, 1);
                        }

                        final[action.ActionId] = outcome;
                        Settled(activity, outcome);
                    }).ConfigureAwait(false);

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

                var delay = wakeUp - _timeProvider.GetUtcNow();
                delay = delay > MinimumWait ? delay : MinimumWait;
                if (delay > budget)
                {
                    break;
                }

                budget -= delay;
                await Task.Delay(delay, _timeProvider, leaseLost.Token).ConfigureAwait(false);
            }

            var outcomes = final.Values;
            var list = outcomes.OrderBy(o => o.ActionId, StringComparer.Ordinal).ToList();
            var results = Summarize(list);
            var deferred = list.Where(o => o.Outcome == ActionOutcomes.Deferred).Select(o => known[o.ActionId]).ToList();
            await _batches.CompleteExecutionAsync(batch, results, deferred, CancellationToken.None).ConfigureAwait(false);
            var partial = results.Any(r => r.Sent > 0) && results.Any(r => r.Failed + r.MaybeSent > 0);
            await _audit.AppendAsync(
                new AuditRecord
                {
                    At = _timeProvider.GetUtcNow(),
                    Action = AuditActions.BatchExecuted,
                    Actor = executor,
                    BatchId = batch.Id,
                    Detail = string.Join("; ", results.Select(r => $"{r.Channel}: sent {r.Sent}, failed {r.Failed}, maybe_sent {r.MaybeSent}, refused {r.Refused}, deferred {r.Deferred}")),
                },
                CancellationToken.None).ConfigureAwait(false);
            if (partial)
            {
                await _alerts.PublishAsync(
                    new AlertEvent
                    {
                        At = _timeProvider.GetUtcNow(),
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
            await leaseLost.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            try
            {
                await _store.ReleaseLeaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException)
            {
                // The lease lapses on its own after its TTL.
                LogLeaseRenewalFailed(ex, lease.Name);
            }
        }
    }

    private async Task RenewLeaseAsync(Lease lease, CancellationTokenSource leaseLost)
    {
        using var timer = new PeriodicTimer(_options.ExecutionLeaseTtl / 3, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(leaseLost.Token).ConfigureAwait(false))
            {
                if (!await _store.RenewLeaseAsync(lease, _options.ExecutionLeaseTtl, leaseLost.Token).ConfigureAwait(false))
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

    private async Task<ActionOutcome> SendOneAsync(DispatchBatch batch, BatchAction action, IReadOnlyDictionary<Channel, IDispatchChannel> channels, string executor, CancellationToken cancellationToken)
    {
        var (item, unreadable) = await ReadItemAsync(action, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (item is null)
        {
            return Outcome(action, null, ActionOutcomes.Refused, ReasonCodes.ItemNotFound, "the review item is gone");
        }

        if (item.Status != ReviewStatus.Approved)
        {
            // Resuming a batch: this action was settled by the executor before.
            return Outcome(action, item, item.Status == ReviewStatus.Sent ? ActionOutcomes.Sent : ActionOutcomes.Refused, ItemStatusReason(item.Status), "the item is no longer approved");
        }

        if (!BatchService.MatchesFrozenContent(batch, item))
        {
            return Outcome(action, item, ActionOutcomes.Refused, BatchRefusals.HashMismatch, "the item's approved content is not the content frozen into the batch");
        }

        if (!channels.TryGetValue(action.Channel, out var channel))
        {
            return Outcome(action, item, ActionOutcomes.Refused, ReasonCodes.NoChannel, $"no {Wire(action.Channel)} channel selected (use --channels)");
        }

        // Everything below uses the frozen action (recipient, channel, step), never the item's current fields.
        var recipientKey = FrozenRecipientKey(action);

        // Resuming after a crash: this item may already hold the (recipient, step) in the ledger. Settle
        // that attempt before the safety chain runs — the contact history may already list the send,
        // which must not turn the item's own send into an already_sent block — and never call again.
        if (recipientKey is not null
            && await _ledger.GetAsync(recipientKey, action.Step, CancellationToken.None).ConfigureAwait(false) is { } earlier
            && string.Equals(earlier.Entry.ItemId, item.Id, StringComparison.Ordinal))
        {
            return await SettleEarlierAttemptAsync(batch, action, item, channel, earlier.Entry, earlier.Version).ConfigureAwait(false);
        }

        // The claim verified every item's digest; verify it again now, right before this send.
        if (CheckFrozen(batch, action, item, recipientKey) is { } changed)
        {
            return await RecordRefusalAsync(batch, action, item, channel, changed).ConfigureAwait(false);
        }

        var context = BuildContext(batch, action, recipientKey!, item, channel, batchValid: true, live: true);
        var evaluation = await _chain.EvaluateAsync(context, EvaluationMode.Enforce, cancellationToken).ConfigureAwait(false);
        if (!evaluation.IsAllowed)
        {
            _metrics?.Refused(evaluation.DecidedBy, evaluation.Decision.ReasonCode);
            return await RecordRefusalAsync(batch, action, item, channel, evaluation.Decision).ConfigureAwait(false);
        }

        var reservation = await ReserveAsync(batch, action, recipientKey!, item, channel, executor, evaluation).ConfigureAwait(false);
        if (!reservation.Acquired)
        {
            await evaluation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            return await RecordLedgerConflictAsync(batch, action, item, channel, reservation.Entry, reservation.Version).ConfigureAwait(false);
        }

        var entry = reservation.Entry!;
        var stop = await _chain.CheckEmergencyStopAsync(CancellationToken.None).ConfigureAwait(false);
        if (!stop.IsAllowed || cancellationToken.IsCancellationRequested)
        {
            // The provider was never called: give everything back.
            await _ledger.ReleaseAsync(entry, reservation.Version, CancellationToken.None).ConfigureAwait(false);
            await evaluation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            var decision = stop.IsAllowed ? GuardDecision.Deny(ReasonCodes.Cancelled, "the executor was cancelled before the provider call") : stop;
            return await RecordRefusalAsync(batch, action, item, channel, decision).ConfigureAwait(false);
        }

        var request = BuildRequest(action, entry, item, batch.Id);
        ChannelSendResult result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.SendTimeout);
            result = await channel.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Timeout, transport error, 5xx or cancellation after the call started: it may have gone out.
            await evaluation.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            await CommitOutcomeAsync(item.Id, ReviewStatus.MaybeSent, ReasonCodes.OutcomeUnknown, new LedgerChange(entry, reservation.Version, LedgerState.MaybeSent, null, $"{ex.GetType().Name}: {ex.Message}"), history: null).ConfigureAwait(false);
            await _ramp.RecordErrorAsync(1, CancellationToken.None).ConfigureAwait(false);
            await AuditAsync(AuditActions.SendMaybeSent, item, batch.Id, channel, ReasonCodes.OutcomeUnknown, ex.GetType().Name, null).ConfigureAwait(false);
            LogMaybeSent(item.Id, channel.Name, ex.GetType().Name);
            return Outcome(action, item, ActionOutcomes.MaybeSent, ReasonCodes.OutcomeUnknown, $"{ex.GetType().Name}; awaiting reconciliation");
        }

        if (result.Succeeded)
        {
            await evaluation.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            await CommitOutcomeAsync(
                item.Id,
                ReviewStatus.Sent,
                null,
                new LedgerChange(entry, reservation.Version, LedgerState.Sent, result.MessageId, null, result.DeliveryConfirmed ? SendConfirmations.ProofRead : null),
                new HistorySend(entry.RecipientKey, entry.Step, action.Channel, channel.Name)).ConfigureAwait(false);
            if (channel is not SandboxChannel)
            {
                // Only real sends build the clean-day record the ramp graduates on.
                await _ramp.RecordSentAsync(1, CancellationToken.None).ConfigureAwait(false);
            }

            await AuditAsync(AuditActions.SendSent, item, batch.Id, channel, null, null, result.MessageId).ConfigureAwait(false);
            return Outcome(action, item, ActionOutcomes.Sent, null, null) with { MessageId = result.MessageId };
        }

        await evaluation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        await CommitOutcomeAsync(item.Id, ReviewStatus.SendFailed, ReasonCodes.ProviderRefused, new LedgerChange(entry, reservation.Version, LedgerState.Failed, null, result.Error), history: null).ConfigureAwait(false);
        await _ramp.RecordErrorAsync(1, CancellationToken.None).ConfigureAwait(false);
        await AuditAsync(AuditActions.SendFailed, item, batch.Id, channel, ReasonCodes.ProviderRefused, result.Error, null).ConfigureAwait(false);
        return Outcome(action, item, ActionOutcomes.Failed, ReasonCodes.ProviderRefused, result.Error);
    }

    /// <summary>
    /// Reserves (recipient, step) in the ledger. An entry that an earlier attempt of another item left
    /// settled as not sent (failed, or reconciled not sent) is taken over with compare-and-set under a
    /// new idempotency key when this item was approved after that settlement, so a newly approved
    /// draft can be sent; sent, maybe_sent and open reservations are never taken over.
    /// </summary>
    private async Task<LedgerReservation> ReserveAsync(DispatchBatch batch, BatchAction action, string recipientKey, ReviewItem item, IDispatchChannel channel, string executor, SafetyChainResult evaluation)
    {
        var entry = new LedgerEntry
        {
            RecipientKey = recipientKey,
            Step = action.Step,
            State = LedgerState.Reserved,
            IdempotencyKey = SendLedger.IdempotencyKeyFor(recipientKey, action.Step),
            Channel = channel.Name,
            ItemId = item.Id,
            BatchId = batch.Id,
            Executor = executor,
        };
        try
        {
            var reservation = await _ledger.ReserveAsync(entry, CancellationToken.None).ConfigureAwait(false);
            if (reservation.Acquired
                || reservation.Entry is not { State: LedgerState.Failed or LedgerState.NotSent } settled
                || string.Equals(settled.ItemId, item.Id, StringComparison.Ordinal)
                || item.DecidedAt is not { } approvedAt
                || approvedAt <= settled.UpdatedAt)
            {
                // Only a draft approved after the earlier attempt was settled is a new human decision;
                // a draft approved alongside it (a duplicate) stays refused.
                return reservation;
            }

            var attempt = settled.Attempt + 1;
            return await _ledger.ReplaceSettledAsync(
                settled,
                reservation.Version,
                entry with { Attempt = attempt, IdempotencyKey = SendLedger.IdempotencyKeyFor(recipientKey, action.Step, attempt) },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            // The provider was not called: give the cap slots back.
            await evaluation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The canonical recipient key of the frozen action, or <see langword="null"/> when it has none.</summary>
    private string? FrozenRecipientKey(BatchAction action) =>
        _canonicalizer.TryCreateKey(action.Email, out var key, out _) ? key.Value : null;

    /// <summary>
    /// Checks that the item still is what the batch froze: the recipient, channel and step of the
    /// action, and approved text whose digest equals the frozen one (checked at send time, not only at
    /// the claim). Then the content guard: an email needs a subject and a body, a LinkedIn message a body.
    /// </summary>
    private static GuardDecision? CheckFrozen(DispatchBatch batch, BatchAction action, ReviewItem item, string? recipientKey)
    {
        if (recipientKey is null || !string.Equals(recipientKey, item.RecipientKey, StringComparison.Ordinal) || action.Step != item.Step || action.Channel != item.Channel)
        {
            return GuardDecision.Deny(ReasonCodes.BatchHashMismatch, "the item's recipient, channel or step changed after the batch was frozen");
        }

        var frozen = batch.Scope.ContentDigests?.GetValueOrDefault(item.Id);
        var current = item.ApprovedSubject is { } subject && item.ApprovedBody is { } body ? ContentDigest.Compute(item.Channel, subject, body) : null;
        if (frozen is null || !string.Equals(frozen, current, StringComparison.Ordinal) || !string.Equals(frozen, item.ContentDigest, StringComparison.Ordinal))
        {
            return GuardDecision.Deny(ReasonCodes.BatchHashMismatch, "the item's approved text changed after the batch was frozen");
        }

        return ContentDigest.FindMissingPart(action.Channel, item.ApprovedSubject, item.ApprovedBody) is { } missing
            ? GuardDecision.Deny(ReasonCodes.EmptyContent, $"the approved {missing} is empty")
            : null;
    }

    private static string ItemStatusReason(ReviewStatus status) => status switch
    {
        ReviewStatus.Pending => ReasonCodes.ItemPending,
        ReviewStatus.Rejected => ReasonCodes.ItemRejected,
        ReviewStatus.Expired => ReasonCodes.ItemExpired,
        ReviewStatus.Sent => ReasonCodes.ItemSent,
        ReviewStatus.SendFailed => ReasonCodes.ItemSendFailed,
        ReviewStatus.Blocked => ReasonCodes.ItemBlocked,
        ReviewStatus.MaybeSent => ReasonCodes.ItemMaybeSent,
        _ => "item_" + status.ToWireName(),
    };

    /// <summary>Reads an action's review item; an unreadable (quarantined) item refuses that one action.</summary>
    private async Task<(ReviewItem? Item, ActionOutcome? Unreadable)> ReadItemAsync(BatchAction action, CancellationToken cancellationToken)
    {
        try
        {
            return (await _queue.GetAsync(ItemIdOf(action), cancellationToken).ConfigureAwait(false), null);
        }
        catch (UnreadableRecordException ex)
        {
            return (null, Outcome(action, null, ActionOutcomes.Refused, ReasonCodes.ItemUnreadable, ex.Message));
        }
    }

    private static SendContext BuildContext(DispatchBatch batch, BatchAction action, string recipientKey, ReviewItem item, IDispatchChannel channel, bool batchValid, bool live)
    {
        var at = recipientKey.LastIndexOf('@');
        return new SendContext
        {
            RecipientKey = recipientKey,
            RecipientDomain = at >= 0 ? recipientKey[(at + 1)..] : null,
            CompanyDomain = item.CompanyDomain,
            RecipientTimeZone = item.TimeZone,
            Channel = action.Channel,
            Step = action.Step,
            Tier = item.Tier,
            Mailbox = channel.Name,
            Motion = batch.Motion,
            BatchId = batch.Id,
            ActionId = action.ActionId,
            Batch = new BatchAuthorization(batch.Id, batch.Status is BatchStatus.Approved or BatchStatus.Executing, batch.ExpiresAt, batchValid, InScope: true),
            Live = live,
            SandboxWork = item.IsSandboxWork() || batch.IsSandboxWork(),
            SandboxChannel = channel is SandboxChannel,
        };
    }

    /// <summary>The message of a frozen action: its recipient and step, the approved text the frozen digest covers.</summary>
    private static ChannelSendRequest BuildRequest(BatchAction action, LedgerEntry entry, ReviewItem item, string batchId) =>
        new(entry.IdempotencyKey, entry.RecipientKey, action.Email, item.LinkedInUrl, action.Step, item.ApprovedSubject!, item.ApprovedBody!, item.Id, batchId) { Tier = item.Tier, Motion = item.Motion };

    private static ActionOutcome Outcome(BatchAction action, ReviewItem? item, string outcome, string? reason, string? detail) => new()
    {
        ActionId = action.ActionId,
        ItemId = ItemIdOf(action),
        RecipientKey = item?.RecipientKey ?? action.Email,
        Channel = Wire(action.Channel),
        Step = action.Step,
        Outcome = outcome,
        Reason = reason,
        Detail = detail,
    };

    private static List<ChannelResult> Summarize(IEnumerable<ActionOutcome> outcomes) =>
        [.. outcomes.GroupBy(o => o.Channel, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ChannelResult(
            g.Key,
            g.Count(o => o.Outcome is ActionOutcomes.Sent or ActionOutcomes.WouldSend),
            g.Count(o => o.Outcome == ActionOutcomes.Failed),
            g.Count(o => o.Outcome == ActionOutcomes.MaybeSent),
            g.Count(o => o.Outcome == ActionOutcomes.Refused),
            g.Count(o => o.Outcome == ActionOutcomes.Deferred)))];

    private static string ItemIdOf(BatchAction action) => BatchMessage.ItemIdOf(action);

    private static string Wire(Channel channel) => channel == Channel.Email ? "email" : "linkedin";

    private static string Wire(LedgerState state) => state switch
    {
        LedgerState.Reserved => "reserved",
        LedgerState.Sent => "sent",
        LedgerState.MaybeSent => "maybe_sent",
        LedgerState.Failed => "failed",
        _ => "not_sent",
    };

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Executing batch {BatchId}: {Actions} actions (executor {Executor})")]
    private partial void LogExecuting(string batchId, int actions, string executor);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Send of item {ItemId} via {Channel} has an unknown outcome ({Error}); it is maybe_sent until reconciled")]
    private partial void LogMaybeSent(string itemId, string channel, string error);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Renewing or releasing execution lease {Lease} failed; no further sends start")]
    private partial void LogLeaseRenewalFailed(Exception exception, string lease);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Action {ActionId} failed inside the operator; it is reported as refused with operator_error")]
    private partial void LogActionFailed(Exception exception, string actionId);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Execution lease {Lease} was lost; no further sends start")]
    private partial void LogLeaseLost(string lease);
}

/// <summary>What an operator run should do.</summary>
public sealed record OperatorRequest
{
    /// <summary><c>outbound</c>, <c>cadence</c>, <c>revival</c> or <c>all</c>.</summary>
    public string Motion { get; init; } = "outbound";

    /// <summary>Send for real. Default false: a dry run.</summary>
    public bool Live { get; init; }

    /// <summary>Run only this batch.</summary>
    public string? BatchId { get; init; }

    /// <summary>Channels by name (<c>sandbox</c> selects the sandbox channels); empty uses <see cref="OperatorOptions.Channels"/>.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// How long a live run may wait for deferred actions of a batch (minimum gap, a cap window or the
    /// send window opening) before it returns; <see langword="null"/> or zero: it does not wait.
    /// </summary>
    public TimeSpan? WaitUpTo { get; init; }
}
