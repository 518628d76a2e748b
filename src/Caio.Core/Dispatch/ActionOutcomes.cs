using System.Text.Json.Serialization;
using Caio.Batches;

namespace Caio.Dispatch;

/// <summary>The values of <see cref="ActionOutcomeKind"/> under their established names, and their wire names.</summary>
public static class ActionOutcomes
{
    /// <summary>Sent.</summary>
    public const ActionOutcomeKind Sent = ActionOutcomeKind.Sent;

    /// <summary>Would be sent (dry run).</summary>
    public const ActionOutcomeKind WouldSend = ActionOutcomeKind.WouldSend;

    /// <summary>Refused by a safety layer or a precondition.</summary>
    public const ActionOutcomeKind Refused = ActionOutcomeKind.Refused;

    /// <summary>Deferred by a safety layer.</summary>
    public const ActionOutcomeKind Deferred = ActionOutcomeKind.Deferred;

    /// <summary>The provider refused.</summary>
    public const ActionOutcomeKind Failed = ActionOutcomeKind.Failed;

    /// <summary>Outcome unknown.</summary>
    public const ActionOutcomeKind MaybeSent = ActionOutcomeKind.MaybeSent;

    /// <summary>The wire name of an outcome, as JSON writes it.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>e.g. <c>maybe_sent</c>.</returns>
    public static string ToWireName(this ActionOutcomeKind outcome) => outcome switch
    {
        ActionOutcomeKind.Sent => "sent",
        ActionOutcomeKind.WouldSend => "would_send",
        ActionOutcomeKind.Refused => "refused",
        ActionOutcomeKind.Deferred => "deferred",
        ActionOutcomeKind.Failed => "failed",
        ActionOutcomeKind.MaybeSent => "maybe_sent",
        _ => ((int)outcome).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
