using System.Collections.Frozen;
using Caio.Batches;
using Caio.Review;

namespace Caio.Safety;

/// <summary>
/// One plain sentence per reason code the SDK emits (<see cref="ReasonCodes"/>, <see cref="BatchRefusals"/>,
/// <see cref="ReviewRefusals"/>): the single table <c>status</c>, the operator report and the docs explain codes with.
/// </summary>
public static class ReasonCodeExplanations
{
    private static readonly FrozenDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ReasonCodes.EmergencyStop] = "The emergency stop is engaged; nothing is sent until it is released.",
        [ReasonCodes.EmergencyStopUnreadable] = "The emergency stop's state cannot be read, so every send is refused until the state store is fixed.",
        [ReasonCodes.StateUnavailable] = "The shared state backend did not answer, so nothing is sent until it does.",
        [ReasonCodes.DryRun] = "This is a dry run; pass --live to send.",
        [ReasonCodes.ShadowMode] = "Shadow mode is on: drafts go to the outbox, not to a provider.",
        [ReasonCodes.BatchNotApproved] = "The send has no approved batch; a person must approve the batch first.",
        [ReasonCodes.BatchExpired] = "The batch's approval has expired; its items wait for a new batch.",
        [ReasonCodes.BatchHashMismatch] = "Something changed after approval (recipient, step or text), so the approved preview no longer matches.",
        [ReasonCodes.NotInBatchScope] = "The action is not part of the batch that was approved.",
        [ReasonCodes.InvalidRecipient] = "The recipient address is missing or not a valid address.",
        [ReasonCodes.SuppressedUnsubscribed] = "The recipient unsubscribed; they are never contacted again.",
        [ReasonCodes.SuppressedHardBounce] = "The address hard-bounced; it is never used again.",
        [ReasonCodes.SuppressedSoftBounce] = "The address soft-bounced too many times; it is not used again.",
        [ReasonCodes.SuppressionUnreadable] = "The recipient's suppression record cannot be read, so the send is refused to be safe.",
        [ReasonCodes.BlockedDomain] = "The recipient's domain (or company domain) is on the block list.",
        [ReasonCodes.BlockedEmail] = "The recipient's address is on the block list.",
        [ReasonCodes.RoleAddress] = "The address is a shared role mailbox (info@, sales@ …), not a person.",
        [ReasonCodes.DisposableAddress] = "The address belongs to a throw-away mail service.",
        [ReasonCodes.AlreadySent] = "This step was already sent to this recipient; nobody gets the same step twice.",
        [ReasonCodes.TerminalStatus] = "The recipient or item is finished (bounced, unsubscribed, rejected, sent …) and is not contacted again.",
        [ReasonCodes.RampTierRestricted] = "The sending setup is still ramping up and sends only the best-fit tiers until it graduates.",
        [ReasonCodes.RampDailyLimit] = "Today's ramp-up allowance is used up; it goes on the next day.",
        [ReasonCodes.CapMonthly] = "This month's send cap is used up; it goes next month.",
        [ReasonCodes.CapDaily] = "Today's send cap is used up; it goes tomorrow.",
        [ReasonCodes.CapHourly] = "This hour's send cap is used up; it goes in the next hour.",
        [ReasonCodes.CapDomainHourly] = "This hour's cap for the recipient's domain is used up; it goes in the next hour.",
        [ReasonCodes.CapDomainBatch] = "The batch already holds as many sends to this domain as allowed; it goes in a later batch.",
        [ReasonCodes.CapMailboxDaily] = "The sending mailbox's daily cap is used up; it goes tomorrow.",
        [ReasonCodes.MinGap] = "Sends are spaced out; it goes once the minimum gap since the last send has passed.",
        [ReasonCodes.OutsideSendWindow] = "It is outside business hours where the recipient is; it goes when they open.",
        [ReasonCodes.SandboxOnly] = "This is sandbox work and goes only to the recording sandbox channels.",
        [ReasonCodes.SafetyCheckFailed] = "A safety check could not run (for example the state store failed), so the send is refused.",
        [ReasonCodes.EmptyContent] = "The approved subject or body is empty.",
        [ReasonCodes.ItemNotFound] = "The review item no longer exists.",
        [ReasonCodes.ItemUnreadable] = "The review item's record cannot be read; it is left in place for repair.",
        [ReasonCodes.NoChannel] = "No channel is selected to send this kind of message (pass --channels).",
        [ReasonCodes.OperatorError] = "Something unexpected failed while sending this action; the others carried on.",
        [ReasonCodes.EarlierAttempt] = "An earlier run already attempted this send; its outcome is settled without sending again.",
        [ReasonCodes.Cancelled] = "The run was cancelled before the message was handed to the provider; nothing was sent.",
        [ReasonCodes.OutcomeUnknown] = "The provider did not answer clearly; the message may have gone out and is never resent automatically (run reconcile).",
        [ReasonCodes.ProviderRefused] = "The provider refused the message.",
        [ReasonCodes.ReconciledSent] = "The provider confirmed the message went out.",
        [ReasonCodes.ReconciledNotSent] = "The provider has no record of the message; it did not go out.",
        [ReasonCodes.ItemPending] = "The draft was never approved.",
        [ReasonCodes.ItemRejected] = "The draft was rejected.",
        [ReasonCodes.ItemExpired] = "The draft expired before it was decided.",
        [ReasonCodes.ItemSent] = "The message was already sent by an earlier run.",
        [ReasonCodes.ItemSendFailed] = "An earlier attempt to send it failed.",
        [ReasonCodes.ItemBlocked] = "A safety layer already blocked this item for good.",
        [ReasonCodes.ItemMaybeSent] = "The message may already have gone out; it waits for reconcile.",
        [ReasonCodes.OrphanClaimBatchMissing] = "The item was held for a batch that does not exist; it is free again for the next batch.",
        [ReasonCodes.OrphanClaimBatchFinished] = "The item was held for a batch that is finished; it is free again for the next batch.",
        [BatchRefusals.NotFound] = "There is no batch with that id.",
        [BatchRefusals.AlreadyExecuted] = "The batch has already been sent in full.",
        [BatchRefusals.WrongMotion] = "The batch belongs to another motion than the one asked for.",
        [BatchRefusals.ClaimedByAnother] = "Another operator run is sending this batch right now.",
        [BatchRefusals.InvalidStatus] = "The batch is not in a status that allows this.",
        [BatchRefusals.NothingToBatch] = "There are no approved items waiting for a batch.",
        [BatchRefusals.InvalidMotion] = "The motion is not one of outbound, cadence or revival.",
        [BatchRefusals.Contended] = "Items kept changing while the batch was made; try again.",
        [ReviewRefusals.NotFound] = "There is no review item with that id.",
        [ReviewRefusals.AlreadyDecided] = "The draft was already approved or rejected.",
        [ReviewRefusals.Expired] = "The draft is older than the time allowed for a decision and has expired.",
        [ReviewRefusals.Placeholder] = "The text still contains a template placeholder.",
        [ReviewRefusals.InvalidTag] = "The rejection tag is not one of the allowed tags.",
        [ReviewRefusals.MissingReason] = "A rejection needs a reason.",
        [ReviewRefusals.Conflict] = "Someone else changed the item at the same moment; try again.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code with its explanation.</summary>
    public static IReadOnlyDictionary<string, string> All => Table;

    /// <summary>The one-line explanation of a reason code.</summary>
    /// <param name="reasonCode">A reason code, e.g. <c>ramp_tier_restricted</c>.</param>
    /// <returns>The explanation, or <see langword="null"/> for a code this SDK does not emit (e.g. a host's own guard).</returns>
    public static string? Explain(string? reasonCode) =>
        reasonCode is not null && Table.TryGetValue(reasonCode, out var text) ? text : null;
}
