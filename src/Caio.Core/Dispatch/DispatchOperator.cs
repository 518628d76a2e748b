using System.Collections.Concurrent;
using Caio.Audit;
using Caio.Batches;
using Caio.Dedup;
using Caio.Internal;
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

    private static readonly HashSet<string> PermanentRefusals = new(StringComparer.Ordinal)
    {
        ReasonCodes.InvalidRecipient, ReasonCodes.SuppressedUnsubscribed, ReasonCodes.SuppressedHardBounce,
        ReasonCodes.SuppressedSoftBounce, ReasonCodes.BlockedDomain, ReasonCodes.BlockedEmail, ReasonCodes.RoleAddress,
        ReasonCodes.DisposableAddress, ReasonCodes.AlreadySent, ReasonCodes.TerminalStatus, ReasonCodes.EmptyContent,
    };

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
        EmailCanonicalizer canonicalizer)
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
                ? await ExecuteAsync(batchId, motion, channels, request.WaitUpTo, cancellationToken).ConfigureAwait(false)
                : await DryRunAsync(batchId, motion, channels, cancellationToken).ConfigureAwait(false));
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
                ? await ExecuteAsync(batch.Id, batch.Motion, channels, request.WaitUpTo, cancellationToken).ConfigureAwait(false)
                : await DryRunAsync(batch.Id, batch.Motion, channels, cancellationToken).ConfigureAwait(false));
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

        var preview = await DryRunAsync(created.Batch!.Id, motion, SelectChannels(channels), cancellationToken).ConfigureAwait(false);
        return created with
        {
            Notices = [.. preview.Actions
                .Where(a => a.Outcome is ActionOutcomes.Deferred or ActionOutcomes.Refused)
                .Select(a => new BatchActionNotice(a.ActionId, a.ItemId, a.RecipientKey, a.Channel, a.Outcome, a.Reason ?? ReasonCodes.SafetyCheckFailed, a.DeferUntil, a.Detail))],
        };
    }

    /// <summary>
    /// Settles maybe_sent sends (and reservations whose executor died) by asking the channel whether
    /// they went out: sent → the item is sent; not sent → the item becomes send_failed (a human may
    /// queue a new draft; it is never resent automatically); unknown → it stays maybe_sent. A
    /// reservation whose batch execution lease (<c>batch-exec:&lt;batch&gt;</c>) is still held belongs to
    /// a live executor and is left alone, however old it is; the lease is held while it is settled.
    /// Each answer is one commit (ledger entry, item status and, when sent, the contact history).
    /// The pass also repairs items left maybe_sent whose own ledger entry is already settled.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The counts (entries left alone or changed meanwhile count as unknown).</returns>
    public async Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        int examined = 0, sent = 0, notSent = 0, unknown = 0;
        var entries = new List<(LedgerEntry Entry, long Version)>(await _ledger.ListMaybeSentAsync(cancellationToken).ConfigureAwait(false));
        entries.AddRange(await _ledger.ListStaleReservationsAsync(_timeProvider.GetUtcNow() - _options.StaleReservationAge, cancellationToken).ConfigureAwait(false));
        foreach (var (entry, version) in entries)
        {
            examined++;
            Lease? lease = null;
            if (entry.State == LedgerState.Reserved)
            {
                // Only an executor that lost its lease may be dead; a held lease means it is alive (perhaps paused).
                lease = await _store.TryAcquireLeaseAsync(ExecutionLeaseName(entry.BatchId), _options.ExecutionLeaseTtl, cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    LogReconcileSkippedLiveExecutor(entry.IdempotencyKey, entry.BatchId);
                    unknown++;
                    continue;
                }
            }

            try
            {
                switch (await ReconcileOneAsync(entry, version, cancellationToken).ConfigureAwait(false))
                {
                    case LedgerState.Sent:
                        sent++;
                        break;
                    case LedgerState.NotSent:
                        notSent++;
                        break;
                    default:
                        unknown++;
                        break;
                }
            }
            finally
            {
                if (lease is not null)
                {
                    await ReleaseLeaseQuietlyAsync(lease).ConfigureAwait(false);
                }
            }
        }

        // Repair: an item left maybe_sent although its own ledger entry is settled (state recorded by a
        // version that wrote outcomes as separate writes and died between them) gets what the ledger says.
        foreach (var item in await _queue.ListAsync(ReviewStatus.MaybeSent, null, cancellationToken).ConfigureAwait(false))
        {
            switch (await RepairSettledAsync(item, cancellationToken).ConfigureAwait(false))
            {
                case LedgerState.Sent:
                    examined++;
                    sent++;
                    break;
                case LedgerState.NotSent:
                    examined++;
                    notSent++;
                    break;
            }
        }

        // Approved items held by a batch that no longer exists or has finished go back to the pool (audited, alerted).
        await _batches.ReleaseOrphanedClaimsAsync(cancellationToken).ConfigureAwait(false);
        return new ReconcileReport(examined, sent, notSent, unknown);
    }

    /// <summary>
    /// Gives a maybe_sent item whose own ledger entry is already settled the status (and, for sent, the
    /// contact-history record) that the entry implies, in one commit. Never asks the provider.
    /// </summary>
    private async Task<LedgerState?> RepairSettledAsync(ReviewItem item, CancellationToken cancellationToken)
    {
        if (await _ledger.GetAsync(item.RecipientKey, item.Step, cancellationToken).ConfigureAwait(false) is not { } found
            || !string.Equals(found.Entry.ItemId, item.Id, StringComparison.Ordinal))
        {
            return null;
        }

        var entry = found.Entry;
        var detail = $"repaired: the ledger entry is already {Wire(entry.State)}";
        switch (entry.State)
        {
            case LedgerState.Sent:
                await CommitOutcomeAsync(item.Id, ReviewStatus.Sent, ReasonCodes.ReconciledSent, ledger: null, new HistorySend(entry.RecipientKey, entry.Step, item.Channel, entry.Channel)).ConfigureAwait(false);
                await AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, entry.Channel, ReasonCodes.ReconciledSent, detail, entry.MessageId).ConfigureAwait(false);
                return LedgerState.Sent;
            case LedgerState.NotSent or LedgerState.Failed:
                await CommitOutcomeAsync(item.Id, ReviewStatus.SendFailed, ReasonCodes.ReconciledNotSent, ledger: null, history: null).ConfigureAwait(false);
                await AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, entry.Channel, ReasonCodes.ReconciledNotSent, detail, null).ConfigureAwait(false);
                return LedgerState.NotSent;
            default:
                return null;
        }
    }

    private async Task<LedgerState?> ReconcileOneAsync(LedgerEntry entry, long version, CancellationToken cancellationToken)
    {
        var channel = _channels.FirstOrDefault(c => c.Name == entry.Channel);
        var item = await _queue.GetAsync(entry.ItemId, cancellationToken).ConfigureAwait(false);
        if (channel is null || item is null)
        {
            return null;
        }

        DeliveryCheck check;
        try
        {
            check = await channel.CheckAsync(BuildCheckRequest(entry, item), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The provider could not answer now: the entry stays maybe_sent for the next pass.
            return null;
        }

        switch (check.Status)
        {
            case DeliveryStatus.Sent:
                // Ledger, contact history and item status in one commit: a crash leaves all or none.
                if (!await CommitOutcomeAsync(
                        item.Id,
                        ReviewStatus.Sent,
                        ReasonCodes.ReconciledSent,
                        new LedgerChange(entry, version, LedgerState.Sent, check.MessageId, "reconciled"),
                        new HistorySend(entry.RecipientKey, entry.Step, channel.Channel, channel.Name),
                        abortOnLedgerConflict: true).ConfigureAwait(false))
                {
                    LogReconcileConflict(entry.IdempotencyKey, "sent");
                    return null;
                }

                await AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, channel, ReasonCodes.ReconciledSent, null, check.MessageId).ConfigureAwait(false);
                return LedgerState.Sent;
            case DeliveryStatus.NotSent:
                if (!await CommitOutcomeAsync(
                        item.Id,
                        ReviewStatus.SendFailed,
                        ReasonCodes.ReconciledNotSent,
                        new LedgerChange(entry, version, LedgerState.NotSent, null, "reconciled: the provider has no record of it"),
                        history: null,
                        abortOnLedgerConflict: true).ConfigureAwait(false))
                {
                    LogReconcileConflict(entry.IdempotencyKey, "not_sent");
                    return null;
                }

                await AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, channel, ReasonCodes.ReconciledNotSent, null, null).ConfigureAwait(false);
                return LedgerState.NotSent;
            default:
                return null;
        }
    }

    private async Task ReleaseLeaseQuietlyAsync(Lease lease)
    {
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

    private static string ExecutionLeaseName(string batchId) => "batch-exec:" + batchId;

    /// <summary>For an approved batch that an earlier run left holding only deferred actions: when the first of them may go.</summary>
    private static DateTimeOffset? NextDeferral(DispatchBatch batch) =>
        batch.Status == BatchStatus.Approved && batch.Deferred is { Count: > 0 } deferred && deferred.All(d => d.DeferUntil is not null)
            ? deferred.Min(d => d.DeferUntil)
            : null;

    private IReadOnlyDictionary<Channel, IDispatchChannel> SelectChannels(IReadOnlyList<string>? requested)
    {
        var names = requested is { Count: > 0 } ? requested : [.. _options.Channels];
        var selected = new Dictionary<Channel, IDispatchChannel>();
        foreach (var channel in _channels)
        {
            var isSandbox = channel is SandboxChannel;
            var wanted = names.Count == 0
                ? !isSandbox
                : names.Any(n => string.Equals(n, channel.Name, StringComparison.OrdinalIgnoreCase) || (isSandbox && string.Equals(n, "sandbox", StringComparison.OrdinalIgnoreCase)));
            if (wanted)
            {
                selected.TryAdd(channel.Channel, channel);
            }
        }

        return selected;
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

    private async Task<BatchDispatchReport> ExecuteAsync(string batchId, string? motion, IReadOnlyDictionary<Channel, IDispatchChannel> channels, TimeSpan? waitUpTo, CancellationToken cancellationToken)
    {
        var executor = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

        // A stopped system does not even claim the batch: it stays approved and runs once the stop is lifted.
        var stop = await _chain.CheckEmergencyStopAsync(cancellationToken).ConfigureAwait(false);
        if (!stop.IsAllowed)
        {
            return new BatchDispatchReport { BatchId = batchId, Motion = motion ?? "?", Refusal = stop.ReasonCode, Detail = stop.Detail ?? "the emergency stop is engaged" };
        }

        var lease = await _store.TryAcquireLeaseAsync(ExecutionLeaseName(batchId), _options.ExecutionLeaseTtl, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return new BatchDispatchReport { BatchId = batchId, Motion = motion ?? "?", Refusal = BatchRefusals.ClaimedByAnother, Detail = "another executor holds this batch" };
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
                        if (Volatile.Read(ref stopObserved) == 1)
                        {
                            final[action.ActionId] = await RecordStopObservedAsync(batch, action, channels).ConfigureAwait(false);
                            return;
                        }

                        ActionOutcome outcome;
                        try
                        {
                            outcome = await SendOneAsync(batch, action, channels, executor, token).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                        {
                            // One action's failure must not abort its siblings' provider calls or lose the batch report.
                            LogActionFailed(ex, action.ActionId);
                            outcome = new ActionOutcome { ActionId = action.ActionId, ItemId = ItemIdOf(action), RecipientKey = action.Email, Channel = Wire(action.Channel), Step = action.Step, Outcome = ActionOutcomes.Refused, Reason = ReasonCodes.OperatorError, Detail = $"{ex.GetType().Name}: {ex.Message}" };
                        }

                        if (outcome.Reason is ReasonCodes.EmergencyStop or ReasonCodes.EmergencyStopUnreadable)
                        {
                            Volatile.Write(ref stopObserved, 1);
                        }

                        final[action.ActionId] = outcome;
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
                new LedgerChange(entry, reservation.Version, LedgerState.Sent, result.MessageId, null),
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

    /// <summary>
    /// Records a send outcome as one commit (decision 0007): the ledger entry's new state with its
    /// index moves (compare-and-set on the version read), the contact-history record of a sent step, and
    /// the item's status with its status-index move, all or nothing, also under a crash. An item already
    /// in that status, or one the transition table does not let move there, is left as it is.
    /// When the ledger entry changed meanwhile, reconciliation (<paramref name="abortOnLedgerConflict"/>)
    /// writes nothing and returns <see langword="false"/>; an executor does not drop its outcome: it
    /// re-applies it over the current entry when it says more (sent over anything; maybe_sent over not
    /// sent, failed or reserved), otherwise the entry keeps its state and the rest is recorded; the
    /// conflict is logged either way. A changed history record or item is read again and retried.
    /// </summary>
    private async Task<bool> CommitOutcomeAsync(string itemId, ReviewStatus status, string? reason, LedgerChange? ledger, HistorySend? history, bool abortOnLedgerConflict = false)
    {
        const int MaxAttempts = 16;
        var reapplied = false;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var transaction = new StateTransaction();
            var ledgerKey = ledger is { } change ? _ledger.AddTransition(transaction, change.Entry, change.Version, change.State, change.MessageId, change.Detail) : null;
            if (history is { } send && await _history.PrepareRecordSendAsync(send.RecipientKey, send.Step, send.Channel, send.Provider, CancellationToken.None).ConfigureAwait(false) is { } record)
            {
                transaction.RequireVersion(record.Key, record.Version).Put(record.Key, record.Value);
            }

            // The review queue of this package contributes its status change to the commit; another
            // implementation of IReviewQueue gets it right after the commit, through its own transition.
            var queue = _queue as ReviewQueue;
            if (queue is not null && await queue.PrepareStatusChangeAsync(itemId, status, reason, CancellationToken.None).ConfigureAwait(false) is { } itemChange)
            {
                ReviewQueue.AddTransition(transaction, itemChange);
            }

            var result = transaction.Writes.Count == 0 ? null : await _store.CommitAsync(transaction, CancellationToken.None).ConfigureAwait(false);
            if (result is null || result.Committed)
            {
                if (reapplied)
                {
                    LogLedgerOutcomeConflict(ledger!.Entry.IdempotencyKey, Wire(ledger.State), "re-applied over the changed entry");
                }

                if (queue is null)
                {
                    await SetItemStatusAsync(itemId, status, reason).ConfigureAwait(false);
                }

                return true;
            }

            if (ledger is null || !string.Equals(result.FailedCondition?.Key, ledgerKey, StringComparison.Ordinal))
            {
                continue; // the history record or the item changed meanwhile: read them again
            }

            if (abortOnLedgerConflict)
            {
                return false;
            }

            var current = await _ledger.GetAsync(ledger.Entry.RecipientKey, ledger.Entry.Step, CancellationToken.None).ConfigureAwait(false);
            if (current is not { } found || !string.Equals(found.Entry.ItemId, ledger.Entry.ItemId, StringComparison.Ordinal) || !Outranks(ledger.State, found.Entry.State))
            {
                LogLedgerOutcomeConflict(ledger.Entry.IdempotencyKey, Wire(ledger.State), current is { } other ? $"the entry is {Wire(other.Entry.State)} (item {other.Entry.ItemId}) and keeps that" : "the entry is gone");
                ledger = null;
                continue;
            }

            ledger = ledger with { Entry = found.Entry, Version = found.Version };
            reapplied = true;
        }

        throw new InvalidOperationException($"The outcome of item {itemId} could not be recorded: its ledger entry, contact history or item kept changing.");
    }

    private static bool Outranks(LedgerState outcome, LedgerState current) => outcome switch
    {
        LedgerState.Sent => current != LedgerState.Sent,
        LedgerState.MaybeSent => current is LedgerState.Reserved or LedgerState.NotSent or LedgerState.Failed,
        _ => current == LedgerState.Reserved,
    };

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

    private async Task<ActionOutcome> RecordRefusalAsync(DispatchBatch batch, BatchAction action, ReviewItem item, IDispatchChannel channel, GuardDecision decision)
    {
        var reason = decision.ReasonCode ?? ReasonCodes.SafetyCheckFailed;
        if (PermanentRefusals.Contains(reason))
        {
            await SetItemStatusAsync(item.Id, ReviewStatus.Blocked, reason).ConfigureAwait(false);
        }

        await AuditAsync(AuditActions.SendRefused, item, batch.Id, channel, reason, decision.Detail, null).ConfigureAwait(false);
        await _refusals.RecordAsync(reason, CancellationToken.None).ConfigureAwait(false);
        return Outcome(action, item, decision.IsDeferred ? ActionOutcomes.Deferred : ActionOutcomes.Refused, reason, decision.Detail) with { DeferUntil = decision.DeferUntil };
    }

    private async Task<ActionOutcome> RecordLedgerConflictAsync(DispatchBatch batch, BatchAction action, ReviewItem item, IDispatchChannel channel, LedgerEntry? existing, long version)
    {
        if (existing is not null && existing.ItemId == item.Id)
        {
            return await SettleEarlierAttemptAsync(batch, action, item, channel, existing, version).ConfigureAwait(false);
        }

        var decision = GuardDecision.Deny(ReasonCodes.AlreadySent, $"step {action.Step} for this recipient is already {(existing is null ? "reserved" : Wire(existing.State))} (item {existing?.ItemId})");
        return await RecordRefusalAsync(batch, action, item, channel, decision).ConfigureAwait(false);
    }

    /// <summary>
    /// Settles an item whose (recipient, step) it already holds in the ledger from an earlier attempt
    /// (an executor died between the reservation and recording the outcome). Never calls the provider:
    /// sent stays sent (and is put in the contact history), failed or not sent becomes send_failed, and
    /// a reservation without an outcome becomes maybe_sent so that reconciliation asks the provider.
    /// </summary>
    private async Task<ActionOutcome> SettleEarlierAttemptAsync(DispatchBatch batch, BatchAction action, ReviewItem item, IDispatchChannel channel, LedgerEntry existing, long version)
    {
        const string Reason = ReasonCodes.EarlierAttempt;
        var detail = $"ledger: {Wire(existing.State)} (batch {existing.BatchId})";
        switch (existing.State)
        {
            case LedgerState.Sent:
                await CommitOutcomeAsync(item.Id, ReviewStatus.Sent, Reason, ledger: null, new HistorySend(existing.RecipientKey, existing.Step, action.Channel, existing.Channel)).ConfigureAwait(false);
                await AuditAsync(AuditActions.SendSent, item, batch.Id, channel, Reason, detail, existing.MessageId).ConfigureAwait(false);
                return Outcome(action, item, ActionOutcomes.Sent, Reason, detail) with { MessageId = existing.MessageId };
            case LedgerState.Failed or LedgerState.NotSent:
                await CommitOutcomeAsync(item.Id, ReviewStatus.SendFailed, Reason, ledger: null, history: null).ConfigureAwait(false);
                await AuditAsync(AuditActions.SendFailed, item, batch.Id, channel, Reason, detail, null).ConfigureAwait(false);
                return Outcome(action, item, ActionOutcomes.Failed, Reason, detail);
            default:
                // A reservation is listed for reconciliation from now on, together with the item's maybe_sent.
                var ledger = existing.State == LedgerState.Reserved
                    ? new LedgerChange(existing, version, LedgerState.MaybeSent, null, "the executor stopped before recording the outcome")
                    : null;
                await CommitOutcomeAsync(item.Id, ReviewStatus.MaybeSent, Reason, ledger, history: null).ConfigureAwait(false);
                await AuditAsync(AuditActions.SendMaybeSent, item, batch.Id, channel, Reason, detail, null).ConfigureAwait(false);
                return Outcome(action, item, ActionOutcomes.MaybeSent, Reason, detail);
        }
    }

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

    private async Task<ActionOutcome> RecordStopObservedAsync(DispatchBatch batch, BatchAction action, IReadOnlyDictionary<Channel, IDispatchChannel> channels)
    {
        const string Detail = "emergency stop observed during this batch";
        var item = await _queue.GetAsync(ItemIdOf(action), CancellationToken.None).ConfigureAwait(false);
        if (item is not null && channels.TryGetValue(action.Channel, out var channel))
        {
            await AuditAsync(AuditActions.SendRefused, item, batch.Id, channel, ReasonCodes.EmergencyStop, Detail, null).ConfigureAwait(false);
        }

        return Outcome(action, item, ActionOutcomes.Refused, ReasonCodes.EmergencyStop, Detail);
    }

    private async Task SetItemStatusAsync(string itemId, ReviewStatus status, string? reason) =>
        await _queue.TransitionAsync(
            itemId,
            current => current.Status == status || !current.Status.CanTransition(status) ? null : current with { Status = status, StatusReason = reason },
            CancellationToken.None).ConfigureAwait(false);

    private Task AuditAsync(string action, ReviewItem item, string batchId, IDispatchChannel channel, string? reason, string? detail, string? messageId) =>
        AuditAsync(action, item, batchId, channel.Name, reason, detail, messageId);

    private async Task AuditAsync(string action, ReviewItem item, string batchId, string channel, string? reason, string? detail, string? messageId) =>
        await _audit.AppendAsync(
            new AuditRecord
            {
                At = _timeProvider.GetUtcNow(),
                Action = action,
                Actor = SystemActor,
                ItemId = item.Id,
                BatchId = batchId,
                RecipientKey = item.RecipientKey,
                Channel = channel,
                ReasonCode = reason,
                Detail = detail,
                MessageId = messageId,
            },
            CancellationToken.None).ConfigureAwait(false);

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
        new(entry.IdempotencyKey, entry.RecipientKey, action.Email, item.LinkedInUrl, action.Step, item.ApprovedSubject!, item.ApprovedBody!, item.Id, batchId);

    /// <summary>The request a reconciliation asks the provider about: the ledger entry's recipient, step and idempotency key.</summary>
    private static ChannelSendRequest BuildCheckRequest(LedgerEntry entry, ReviewItem item) =>
        new(entry.IdempotencyKey, entry.RecipientKey, item.RecipientEmail, item.LinkedInUrl, entry.Step, item.ApprovedSubject ?? item.Subject, item.ApprovedBody ?? item.Body, item.Id, entry.BatchId);

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

    private static string ItemIdOf(BatchAction action)
    {
        var marker = action.ActionId.LastIndexOf(":s", StringComparison.Ordinal);
        return marker > 0 ? action.ActionId[..marker] : action.ActionId;
    }

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

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Ledger entry {IdempotencyKey} changed while this executor recorded its outcome {Outcome}: {Resolution}")]
    private partial void LogLedgerOutcomeConflict(string idempotencyKey, string outcome, string resolution);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Reconciliation left reservation {IdempotencyKey} alone: the execution lease of batch {BatchId} is still held")]
    private partial void LogReconcileSkippedLiveExecutor(string idempotencyKey, string batchId);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Reconciliation of ledger entry {IdempotencyKey} as {Outcome} lost to a concurrent change; it is looked at again on the next pass")]
    private partial void LogReconcileConflict(string idempotencyKey, string outcome);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Execution lease {Lease} was lost; no further sends start")]
    private partial void LogLeaseLost(string lease);
}

/// <summary>A ledger entry's move to a new state, recorded with a send outcome.</summary>
internal sealed record LedgerChange(LedgerEntry Entry, long Version, LedgerState State, string? MessageId, string? Detail);

/// <summary>A step to add to a recipient's contact history, recorded with a send outcome.</summary>
internal readonly record struct HistorySend(string RecipientKey, int Step, Channel Channel, string? Provider);

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
