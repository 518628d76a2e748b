using Caio.Audit;
using Caio.Batches;
using Caio.Dedup;
using Caio.Diagnostics;
using Caio.Engagement;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Caio.Dispatch.Internal.DispatchWire;

namespace Caio.Dispatch.Internal;

/// <summary>
/// The per-action send protocol, in this order: safety chain (caps reserved atomically) → ledger
/// reservation of (recipient, step) → emergency stop re-checked → provider call with the idempotency
/// key → outcome recorded by the <see cref="OutcomeRecorder"/> (sent, send_failed, maybe_sent when
/// the outcome is unknown, or refused and given back when the channel did not call the provider).
/// Also the dry-run evaluation of one action, which reserves nothing.
/// </summary>
internal sealed partial class SendProtocol(
    IReviewQueue queue,
    SendLedger ledger,
    SafetyChain chain,
    RampTracker ramp,
    EmailCanonicalizer canonicalizer,
    IOptions<OperatorOptions> options,
    OutcomeRecorder recorder,
    LinkedInRecipients linkedIn,
    ILogger<DispatchOperator> logger,
    CaioMetrics? metrics = null)
{
    private readonly ILogger<DispatchOperator> _logger = logger;

    /// <summary>
    /// Runs one action of a claimed batch: the item re-read and checked against the frozen scope, an
    /// earlier attempt of this item settled (never sent again), the safety chain (caps reserved), the
    /// ledger reservation of (recipient, step), the emergency stop re-checked, the provider call with the
    /// idempotency key, and the outcome recorded. The provider is never called for an action whose
    /// reservation is not durable.
    /// </summary>
    public async Task<ActionOutcome> SendAsync(DispatchBatch batch, BatchAction action, IReadOnlyDictionary<Channel, IDispatchChannel> channels, string executor, RefusalGroup refusals, CancellationToken cancellationToken)
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
            && await ledger.GetAsync(recipientKey, action.Step, CancellationToken.None).ConfigureAwait(false) is { } earlier
            && string.Equals(earlier.Entry.ItemId, item.Id, StringComparison.Ordinal))
        {
            return await recorder.SettleEarlierAttemptAsync(batch, action, item, channel, earlier.Entry, earlier.Version).ConfigureAwait(false);
        }

        // The claim verified every item's digest; verify it again now, right before this send.
        if (CheckFrozen(batch, action, item, recipientKey) is { } changed)
        {
            return await recorder.RecordRefusalAsync(batch, action, item, channel, changed, refusals).ConfigureAwait(false);
        }

        var context = BuildContext(batch, action, recipientKey!, item, channel, batchValid: true, live: true);
        var evaluation = await chain.EvaluateAsync(context, EvaluationMode.Enforce, cancellationToken).ConfigureAwait(false);
        if (!evaluation.IsAllowed)
        {
            metrics?.Refused(evaluation.DecidedBy, evaluation.Decision.Refusal?.Code);
            return await recorder.RecordRefusalAsync(batch, action, item, channel, evaluation.Decision, refusals).ConfigureAwait(false);
        }

        var reservation = await ReserveAsync(batch, action, recipientKey!, item, channel, executor, evaluation).ConfigureAwait(false);
        if (!reservation.Acquired)
        {
            await evaluation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            return await recorder.RecordLedgerConflictAsync(batch, action, item, channel, reservation.Entry, reservation.Version, refusals).ConfigureAwait(false);
        }

        var entry = reservation.Entry!;

        // The provider was never called: give the reservation and the cap slots back, then refuse.
        async Task<ActionOutcome> GiveBackAndRefuseAsync(GuardDecision decision)
        {
            await ledger.ReleaseAsync(entry, reservation.Version, CancellationToken.None).ConfigureAwait(false);
            await evaluation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            return await recorder.RecordRefusalAsync(batch, action, item, channel, decision, refusals).ConfigureAwait(false);
        }

        var stop = await chain.CheckEmergencyStopAsync(CancellationToken.None).ConfigureAwait(false);
        if (!stop.IsAllowed || cancellationToken.IsCancellationRequested)
        {
            var decision = stop.IsAllowed ? GuardDecision.Deny(ReasonCodes.Cancelled, "the executor was cancelled before the provider call") : stop;
            return await GiveBackAndRefuseAsync(decision).ConfigureAwait(false);
        }

        if (channel.Channel == Channel.LinkedIn)
        {
            // LinkedIn providers report a reply by profile URL only: the profile must lead back to the recipient
            // before anything can reach the lead, so that its reply ends the sequence (spec: exit on LinkedIn reply).
            try
            {
                await linkedIn.RecordAsync(item.LinkedInUrl, recipientKey!, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return await GiveBackAndRefuseAsync(GuardDecision.Deny(ReasonCodes.StateUnavailable, "the LinkedIn profile could not be recorded for its replies: " + ErrorText.Describe(ex))).ConfigureAwait(false);
            }
        }

        var request = BuildRequest(action, entry, item, batch.Id);
        ChannelSendResult result;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            timeout.CancelAfter(options.Value.SendTimeout);
            result = await channel.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Timeout, transport error, 5xx or cancellation after the call started: it may have gone out.
            // What went wrong is said in words in the ledger, the audit and the report; the exception goes to the log.
            var error = ErrorText.Describe(ex, timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? options.Value.SendTimeout : null);
            await evaluation.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            await recorder.CommitOutcomeAsync(item.Id, ReviewStatus.MaybeSent, ReasonCodes.OutcomeUnknown, new LedgerChange(entry, reservation.Version, LedgerState.MaybeSent, null, error), history: null).ConfigureAwait(false);
            await ramp.RecordErrorAsync(1, CancellationToken.None).ConfigureAwait(false);
            await recorder.AuditAsync(AuditActions.SendMaybeSent, item, batch.Id, channel, ReasonCodes.OutcomeUnknown, error, null).ConfigureAwait(false);
            LogMaybeSent(ex, item.Id, channel.Name, error);
            return Outcome(action, item, ActionOutcomes.MaybeSent, ReasonCodes.OutcomeUnknown, $"{error}; awaiting reconciliation");
        }

        if (result.Succeeded)
        {
            await evaluation.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            await recorder.CommitOutcomeAsync(
                item.Id,
                ReviewStatus.Sent,
                null,
                new LedgerChange(entry, reservation.Version, LedgerState.Sent, result.MessageId, null, result.DeliveryConfirmed ? SendConfirmations.ProofRead : null),
                new HistorySend(entry.RecipientKey, entry.Step, action.Channel, channel.Name)).ConfigureAwait(false);
            if (channel is not SandboxChannel)
            {
                // Only real sends build the clean-day record the ramp graduates on.
                await ramp.RecordSentAsync(1, CancellationToken.None).ConfigureAwait(false);
            }

            await recorder.AuditAsync(AuditActions.SendSent, item, batch.Id, channel, null, null, result.MessageId).ConfigureAwait(false);
            return Outcome(action, item, ActionOutcomes.Sent, null, null) with { MessageId = result.MessageId };
        }

        if (result.NotAttempted)
        {
            // The channel did not call the provider (circuit open, rate limited): the item stays approved,
            // as if the availability guard had refused it.
            metrics?.Refused("channel", ReasonCodes.ProviderUnavailable);
            return await GiveBackAndRefuseAsync(GuardDecision.Deny(ReasonCodes.ProviderUnavailable, result.Error ?? "the provider was not called")).ConfigureAwait(false);
        }

        await evaluation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        await recorder.CommitOutcomeAsync(item.Id, ReviewStatus.SendFailed, ReasonCodes.ProviderRefused, new LedgerChange(entry, reservation.Version, LedgerState.Failed, null, result.Error), history: null).ConfigureAwait(false);
        await ramp.RecordErrorAsync(1, CancellationToken.None).ConfigureAwait(false);
        await recorder.AuditAsync(AuditActions.SendFailed, item, batch.Id, channel, ReasonCodes.ProviderRefused, result.Error, null).ConfigureAwait(false);
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
            var reservation = await ledger.ReserveAsync(entry, CancellationToken.None).ConfigureAwait(false);
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
            return await ledger.ReplaceSettledAsync(
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
    public string? FrozenRecipientKey(BatchAction action) =>
        canonicalizer.TryCreateKey(action.Email, out var key, out _) ? key.Value : null;

    /// <summary>
    /// Checks that the item still is what the batch froze: the recipient, channel and step of the
    /// action, and approved text whose digest equals the frozen one (checked at send time, not only at
    /// the claim). Then the content guard: an email needs a subject and a body, a LinkedIn message a body.
    /// </summary>
    public static GuardDecision? CheckFrozen(DispatchBatch batch, BatchAction action, ReviewItem item, string? recipientKey)
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
    public async Task<(ReviewItem? Item, ActionOutcome? Unreadable)> ReadItemAsync(BatchAction action, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetAsync(ItemIdOf(action), cancellationToken).ConfigureAwait(false), null);
        }
        catch (UnreadableRecordException ex)
        {
            return (null, Outcome(action, null, ActionOutcomes.Refused, ReasonCodes.ItemUnreadable, ex.Message));
        }
    }

    public static SendContext BuildContext(DispatchBatch batch, BatchAction action, string recipientKey, ReviewItem item, IDispatchChannel channel, bool batchValid, bool live)
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

    /// <summary>
    /// Evaluates one action as a dry run: every safety layer, nothing reserved, nothing written; the
    /// outcome is <c>would_send</c> or the first layer's refusal or deferral with every finding.
    /// </summary>
    public async Task<ActionOutcome> EvaluateAsync(DispatchBatch batch, BatchAction action, IReadOnlyDictionary<Channel, IDispatchChannel> channels, bool batchValid, CancellationToken cancellationToken)
    {
        var (item, unreadable) = await ReadItemAsync(action, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (item is null || !channels.TryGetValue(action.Channel, out var channel))
        {
            return Outcome(action, item, ActionOutcomes.Refused, item is null ? ReasonCodes.ItemNotFound : ReasonCodes.NoChannel, item is null ? "the review item is gone" : $"no {Wire(action.Channel)} channel selected");
        }

        var recipientKey = FrozenRecipientKey(action);
        if (CheckFrozen(batch, action, item, recipientKey) is { } changed)
        {
            return Outcome(action, item, ActionOutcomes.Refused, changed.Refusal?.Code, changed.Refusal?.Detail);
        }

        var context = BuildContext(batch, action, recipientKey!, item, channel, batchValid, live: false);
        var result = await chain.EvaluateAsync(context, EvaluationMode.DryRun, cancellationToken).ConfigureAwait(false);
        var findings = result.Findings.Where(f => !f.Decision.IsAllowed && f.Decision.Refusal?.Code != ReasonCodes.DryRun).ToList();
        if (findings.Count == 0)
        {
            return Outcome(action, item, ActionOutcomes.WouldSend, null, null);
        }

        var first = findings[0].Decision;
        return Outcome(action, item, first.IsDeferred ? ActionOutcomes.Deferred : ActionOutcomes.Refused, first.Refusal?.Code, first.Refusal?.Detail) with
        {
            DeferUntil = first.DeferUntil,
            Findings = [.. findings.Select(f => $"{f.Guard}: {f.Decision.Refusal?.Code}")],
        };
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Send of item {ItemId} via {Channel} has an unknown outcome ({Error}); it is maybe_sent until reconciled")]
    private partial void LogMaybeSent(Exception exception, string itemId, string channel, string error);
}
