using Caio.Audit;
using Caio.Batches;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging;
using static Caio.Dispatch.Internal.DispatchWire;

namespace Caio.Dispatch.Internal;

/// <summary>
/// Outcome recording: a send outcome as one commit (decision 0007: ledger entry, contact history, item
/// status), refusals and deferrals (a permanent one blocks the item; audit and counts join the
/// execution's <see cref="RefusalGroup"/>), settling an earlier attempt found on resume, and the audit
/// records of all of them. Used by the send protocol and by reconciliation.
/// </summary>
internal sealed partial class OutcomeRecorder(
    IReviewQueue reviewQueue,
    SendLedger sendLedger,
    ContactHistory contactHistory,
    IStateStore store,
    IAuditLog audit,
    RefusalStatistics refusals,
    TimeProvider timeProvider,
    ILogger<DispatchOperator> logger)
{
    private readonly IReviewQueue _queue = reviewQueue;
    private readonly SendLedger _ledger = sendLedger;
    private readonly ContactHistory _history = contactHistory;
    private readonly ILogger<DispatchOperator> _logger = logger;

    /// <summary>A new group for one batch execution's refusals and deferrals.</summary>
    public RefusalGroup NewRefusalGroup() => new(audit, refusals);

    private static readonly HashSet<string> PermanentRefusals = new(StringComparer.Ordinal)
    {
        ReasonCodes.InvalidRecipient, ReasonCodes.SuppressedUnsubscribed, ReasonCodes.SuppressedHardBounce,
        ReasonCodes.SuppressedSoftBounce, ReasonCodes.BlockedDomain, ReasonCodes.BlockedEmail, ReasonCodes.RoleAddress,
        ReasonCodes.DisposableAddress, ReasonCodes.AlreadySent, ReasonCodes.TerminalStatus, ReasonCodes.EmptyContent,
    };

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
    public async Task<bool> CommitOutcomeAsync(string itemId, ReviewStatus status, string? reason, LedgerChange? ledger, HistorySend? history, bool abortOnLedgerConflict = false)
    {
        const int MaxAttempts = 16;
        var reapplied = false;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var transaction = new StateTransaction();
            var ledgerKey = ledger is { } change ? _ledger.AddTransition(transaction, change.Entry, change.Version, change.State, change.MessageId, change.Detail, change.ConfirmedBy) : null;
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

            var result = transaction.Writes.Count == 0 ? null : await store.CommitAsync(transaction, CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>
    /// Records a refusal or deferral: a permanent one blocks the item at once; the audit record and the
    /// count per reason join the execution's <paramref name="group"/>, written together.
    /// </summary>
    public async Task<ActionOutcome> RecordRefusalAsync(DispatchBatch batch, BatchAction action, ReviewItem item, IDispatchChannel channel, GuardDecision decision, RefusalGroup group)
    {
        var reason = decision.Refusal?.Code.ToString() ?? ReasonCodes.SafetyCheckFailed;
        if (PermanentRefusals.Contains(reason))
        {
            await SetItemStatusAsync(item.Id, ReviewStatus.Blocked, reason).ConfigureAwait(false);
        }

        await group.AddAsync(AuditRecordFor(AuditActions.SendRefused, item, batch.Id, channel.Name, reason, decision.Refusal?.Detail, null), reason).ConfigureAwait(false);
        return Outcome(action, item, decision.IsDeferred ? ActionOutcomes.Deferred : ActionOutcomes.Refused, reason, decision.Refusal?.Detail) with { DeferUntil = decision.DeferUntil };
    }

    public async Task<ActionOutcome> RecordLedgerConflictAsync(DispatchBatch batch, BatchAction action, ReviewItem item, IDispatchChannel channel, LedgerEntry? existing, long version, RefusalGroup group)
    {
        if (existing is not null && existing.ItemId == item.Id)
        {
            return await SettleEarlierAttemptAsync(batch, action, item, channel, existing, version).ConfigureAwait(false);
        }

        var decision = GuardDecision.Deny(ReasonCodes.AlreadySent, $"step {action.Step} for this recipient is already {(existing is null ? "reserved" : Wire(existing.State))} (item {existing?.ItemId})");
        return await RecordRefusalAsync(batch, action, item, channel, decision, group).ConfigureAwait(false);
    }

    /// <summary>
    /// Settles an item whose (recipient, step) it already holds in the ledger from an earlier attempt
    /// (an executor died between the reservation and recording the outcome). Never calls the provider:
    /// sent stays sent (and is put in the contact history), failed or not sent becomes send_failed, and
    /// a reservation without an outcome becomes maybe_sent so that reconciliation asks the provider.
    /// </summary>
    public async Task<ActionOutcome> SettleEarlierAttemptAsync(DispatchBatch batch, BatchAction action, ReviewItem item, IDispatchChannel channel, LedgerEntry existing, long version)
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

    public async Task<ActionOutcome> RecordStopObservedAsync(DispatchBatch batch, BatchAction action, IReadOnlyDictionary<Channel, IDispatchChannel> channels, RefusalGroup group)
    {
        const string Detail = "emergency stop observed during this batch";
        var item = await _queue.GetAsync(ItemIdOf(action), CancellationToken.None).ConfigureAwait(false);
        if (item is not null && channels.TryGetValue(action.Channel, out var channel))
        {
            await group.AddAsync(AuditRecordFor(AuditActions.SendRefused, item, batch.Id, channel.Name, ReasonCodes.EmergencyStop, Detail, null), reason: null).ConfigureAwait(false);
        }

        return Outcome(action, item, ActionOutcomes.Refused, ReasonCodes.EmergencyStop, Detail);
    }

    public async Task SetItemStatusAsync(string itemId, ReviewStatus status, string? reason) =>
        await _queue.TransitionAsync(
            itemId,
            current => current.Status == status || !current.Status.CanTransition(status) ? null : current with { Status = status, StatusReason = reason },
            CancellationToken.None).ConfigureAwait(false);

    public Task AuditAsync(string action, ReviewItem item, string batchId, IDispatchChannel channel, string? reason, string? detail, string? messageId) =>
        AuditAsync(action, item, batchId, channel.Name, reason, detail, messageId);

    public async Task AuditAsync(string action, ReviewItem item, string batchId, string channel, string? reason, string? detail, string? messageId) =>
        await audit.AppendAsync(AuditRecordFor(action, item, batchId, channel, reason, detail, messageId), CancellationToken.None).ConfigureAwait(false);

    public AuditRecord AuditRecordFor(string action, ReviewItem item, string batchId, string channel, ReasonCode? reason, string? detail, string? messageId) => new()
    {
        At = timeProvider.GetUtcNow(),
        Action = action,
        Actor = DispatchOperator.SystemActor,
        ItemId = item.Id,
        BatchId = batchId,
        RecipientKey = item.RecipientKey,
        Channel = channel,
        ReasonCode = reason,
        Detail = detail,
        MessageId = messageId,
    };

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Ledger entry {IdempotencyKey} changed while this executor recorded its outcome {Outcome}: {Resolution}")]
    private partial void LogLedgerOutcomeConflict(string idempotencyKey, string outcome, string resolution);
}

/// <summary>A ledger entry's move to a new state, recorded with a send outcome (and, for a send with proof of delivery, what proved it).</summary>
internal sealed record LedgerChange(LedgerEntry Entry, long Version, LedgerState State, string? MessageId, string? Detail, string? ConfirmedBy = null);

/// <summary>A step to add to a recipient's contact history, recorded with a send outcome.</summary>
internal readonly record struct HistorySend(string RecipientKey, int Step, Channel Channel, string? Provider);
