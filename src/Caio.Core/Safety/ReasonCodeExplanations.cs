using System.Collections.Frozen;

namespace Caio.Safety;

/// <summary>
/// One plain sentence per reason code the SDK emits (every known <see cref="ReasonCode"/>): the single table <c>status</c>, the operator report and the docs explain codes with.
/// </summary>
public static class ReasonCodeExplanations
{
    private static readonly FrozenDictionary<ReasonCode, string> Table = new Dictionary<ReasonCode, string>
    {
        [ReasonCode.EmergencyStop] = "The emergency stop is engaged; nothing is sent until it is released.",
        [ReasonCode.EmergencyStopUnreadable] = "The emergency stop's state cannot be read, so every send is refused until the state store is fixed.",
        [ReasonCode.StateUnavailable] = "The shared state backend did not answer, so nothing is sent until it does.",
        [ReasonCode.DryRun] = "This is a dry run; pass --live to send.",
        [ReasonCode.ShadowMode] = "Shadow mode is on: drafts go to the outbox, not to a provider.",
        [ReasonCode.BatchNotApproved] = "The send has no approved batch; a person must approve the batch first.",
        [ReasonCode.BatchExpired] = "The batch's approval has expired; its items wait for a new batch.",
        [ReasonCode.BatchHashMismatch] = "Something changed after approval (recipient, step or text), so the approved preview no longer matches.",
        [ReasonCode.NotInBatchScope] = "The action is not part of the batch that was approved.",
        [ReasonCode.InvalidRecipient] = "The recipient address is missing or not a valid address.",
        [ReasonCode.SuppressedUnsubscribed] = "The recipient unsubscribed; they are never contacted again.",
        [ReasonCode.SuppressedHardBounce] = "The address hard-bounced; it is never used again.",
        [ReasonCode.SuppressedSoftBounce] = "The address soft-bounced too many times; it is not used again.",
        [ReasonCode.SuppressionUnreadable] = "The recipient's suppression record cannot be read, so the send is refused to be safe.",
        [ReasonCode.BlockedDomain] = "The recipient's domain (or company domain) is suppressed: blocked in configuration or with 'suppress add domain'.",
        [ReasonCode.BlockedEmail] = "The recipient's address is suppressed: blocked in configuration or with 'suppress add address'.",
        [ReasonCode.RoleAddress] = "The address is a shared role mailbox (info@, sales@ …), not a person.",
        [ReasonCode.DisposableAddress] = "The address belongs to a throw-away mail service.",
        [ReasonCode.AlreadySent] = "This step was already sent to this recipient; nobody gets the same step twice.",
        [ReasonCode.TerminalStatus] = "The recipient or item is finished (bounced, unsubscribed, rejected, sent …) and is not contacted again.",
        [ReasonCode.RampTierRestricted] = "The sending setup is still ramping up and sends only the best-fit tiers until it graduates.",
        [ReasonCode.RampDailyLimit] = "Today's ramp-up allowance is used up; it goes on the next day.",
        [ReasonCode.CapMonthly] = "This month's send cap is used up; it goes next month.",
        [ReasonCode.CapDaily] = "Today's send cap is used up; it goes tomorrow.",
        [ReasonCode.CapHourly] = "This hour's send cap is used up; it goes in the next hour.",
        [ReasonCode.CapDomainHourly] = "This hour's cap for the recipient's domain is used up; it goes in the next hour.",
        [ReasonCode.CapDomainBatch] = "The batch already holds as many sends to this domain as allowed; it goes in a later batch.",
        [ReasonCode.CapMailboxDaily] = "The sending mailbox's daily cap is used up; it goes tomorrow.",
        [ReasonCode.MinGap] = "Sends are spaced out; it goes once the minimum gap since the last send has passed.",
        [ReasonCode.OutsideSendWindow] = "It is outside business hours where the recipient is; it goes when they open.",
        [ReasonCode.SandboxOnly] = "This is sandbox work and goes only to the recording sandbox channels.",
        [ReasonCode.SafetyCheckFailed] = "A safety check could not run (for example the state store failed), so the send is refused.",
        [ReasonCode.EmptyContent] = "The approved subject or body is empty.",
        [ReasonCode.ItemNotFound] = "The review item no longer exists.",
        [ReasonCode.ItemUnreadable] = "The review item's record cannot be read; it is left in place for repair.",
        [ReasonCode.NoChannel] = "No channel is selected to send this kind of message (pass --channels).",
        [ReasonCode.OperatorError] = "Something unexpected failed while sending this action; the others carried on.",
        [ReasonCode.EarlierAttempt] = "An earlier run already attempted this send; its outcome is settled without sending again.",
        [ReasonCode.Cancelled] = "The run was cancelled before the message was handed to the provider; nothing was sent.",
        [ReasonCode.OutcomeUnknown] = "The provider did not answer clearly; the message may have gone out and is never resent automatically (run reconcile).",
        [ReasonCode.ProviderRefused] = "The provider refused the message.",
        [ReasonCode.ReconciledSent] = "The provider confirmed the message went out.",
        [ReasonCode.ReconciledNotSent] = "The provider has no record of the message; it did not go out.",
        [ReasonCode.ItemPending] = "The draft was never approved.",
        [ReasonCode.ItemRejected] = "The draft was rejected.",
        [ReasonCode.ItemExpired] = "The draft expired before it was decided.",
        [ReasonCode.ItemSent] = "The message was already sent by an earlier run.",
        [ReasonCode.ItemSendFailed] = "An earlier attempt to send it failed.",
        [ReasonCode.ItemBlocked] = "A safety layer already blocked this item for good.",
        [ReasonCode.ItemMaybeSent] = "The message may already have gone out; it waits for reconcile.",
        [ReasonCode.OrphanClaimBatchMissing] = "The item was held for a batch that does not exist; it is free again for the next batch.",
        [ReasonCode.OrphanClaimBatchFinished] = "The item was held for a batch that is finished; it is free again for the next batch.",
        [ReasonCode.ProviderUnavailable] = "The provider could not take the send (it kept failing, or it is rate limiting), so it was not called; nothing was sent and the draft stays approved.",
        [ReasonCode.TierNotRouted] = "The recipient's tier is not routed to this channel (Caio:Providers:Routing).",
        [ReasonCode.Duplicate] = "A draft for the same recipient is already queued, so no second one is made.",
        [ReasonCode.DraftTtlExceeded] = "The draft waited longer than the time allowed for a decision and expired.",
        [ReasonCode.Disqualified] = "Scoring disqualified the lead (an excluded company, title or industry).",
        [ReasonCode.OutsideSegment] = "The lead is outside the segment this run was asked for.",
        [ReasonCode.Tier4] = "The lead scored in the lowest tier and gets no draft.",
        [ReasonCode.BatchNotFound] = "There is no batch with that id.",
        [ReasonCode.BatchAlreadyExecuted] = "The batch has already been sent in full.",
        [ReasonCode.BatchWrongMotion] = "The batch belongs to another motion than the one asked for.",
        [ReasonCode.BatchClaimedByAnother] = "Another operator run is sending this batch right now.",
        [ReasonCode.BatchInvalidStatus] = "The batch is not in a status that allows this.",
        [ReasonCode.NothingToBatch] = "There are no approved items waiting for a batch.",
        [ReasonCode.InvalidMotion] = "The motion is not one of outbound, cadence or revival.",
        [ReasonCode.BatchContended] = "Items kept changing while the batch was made; try again.",
        [ReasonCode.NotFound] = "There is no review item with that id.",
        [ReasonCode.AlreadyDecided] = "The draft was already approved or rejected.",
        [ReasonCode.Expired] = "The draft is older than the time allowed for a decision and has expired.",
        [ReasonCode.Placeholder] = "The text still contains a template placeholder.",
        [ReasonCode.TemplateMissing] = "No message template matches the lead's tier and sequence step, so no draft was written.",
        [ReasonCode.MergeFieldMissing] = "A merge field of the template has no value for this lead and no fallback, so no draft was written.",
        [ReasonCode.InvalidTag] = "The rejection tag is not one of the allowed tags.",
        [ReasonCode.MissingReason] = "A rejection needs a reason.",
        [ReasonCode.Conflict] = "Someone else changed the item at the same moment; try again.",
    }.ToFrozenDictionary();

    /// <summary>Every code with its explanation.</summary>
    public static IReadOnlyDictionary<ReasonCode, string> All => Table;

    /// <summary>The one-line explanation of a reason code.</summary>
    /// <param name="reasonCode">A reason code, e.g. <see cref="ReasonCode.RampTierRestricted"/>.</param>
    /// <returns>The explanation, or <see langword="null"/> for a code this SDK does not emit (e.g. a host's own guard).</returns>
    public static string? Explain(ReasonCode reasonCode) => Table.GetValueOrDefault(reasonCode);

    /// <summary>The one-line explanation of a reason code given as its string.</summary>
    /// <param name="reasonCode">A reason code, e.g. <c>ramp_tier_restricted</c>, or <see langword="null"/>.</param>
    /// <returns>The explanation, or <see langword="null"/> for no code or a code this SDK does not emit.</returns>
    public static string? Explain(string? reasonCode) =>
        string.IsNullOrWhiteSpace(reasonCode) ? null : Explain(new ReasonCode(reasonCode));
}
