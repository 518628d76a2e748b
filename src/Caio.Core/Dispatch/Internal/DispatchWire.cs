using Caio.Batches;
using Caio.Leads;
using Caio.Review;

namespace Caio.Dispatch.Internal;

/// <summary>The small shared vocabulary of the operator's parts: an action's outcome record and the wire names it carries.</summary>
internal static class DispatchWire
{
    /// <summary>The execution lease a batch's executor (and a reconciliation settling one of its reservations) holds.</summary>
    public static string ExecutionLeaseName(string batchId) => "batch-exec:" + batchId;

    public static ActionOutcome Outcome(BatchAction action, ReviewItem? item, ActionOutcomeKind outcome, Caio.Safety.ReasonCode? reason, string? detail) => new()
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

    public static List<ChannelResult> Summarize(IEnumerable<ActionOutcome> outcomes) =>
        [.. outcomes.GroupBy(o => o.Channel, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ChannelResult(
            g.Key,
            g.Count(o => o.Outcome is ActionOutcomes.Sent or ActionOutcomes.WouldSend),
            g.Count(o => o.Outcome == ActionOutcomes.Failed),
            g.Count(o => o.Outcome == ActionOutcomes.MaybeSent),
            g.Count(o => o.Outcome == ActionOutcomes.Refused),
            g.Count(o => o.Outcome == ActionOutcomes.Deferred)))];

    public static string ItemIdOf(BatchAction action) => BatchMessage.ItemIdOf(action);

    public static string Wire(Channel channel) => ChannelNames.Of(channel);

    public static string Wire(LedgerState state) => state switch
    {
        LedgerState.Reserved => "reserved",
        LedgerState.Sent => "sent",
        LedgerState.MaybeSent => "maybe_sent",
        LedgerState.Failed => "failed",
        _ => "not_sent",
    };
}
