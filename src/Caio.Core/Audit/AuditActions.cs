using System.Text.Json.Serialization;

namespace Caio.Audit;

/// <summary>The audit actions the SDK writes.</summary>
public static class AuditActions
{
    /// <summary>A draft was approved unchanged.</summary>
    public const string ReviewApproved = "review.approved";

    /// <summary>A draft was approved with edits (before/after recorded).</summary>
    public const string ReviewEdited = "review.edited";

    /// <summary>A draft was rejected.</summary>
    public const string ReviewRejected = "review.rejected";

    /// <summary>A draft expired undecided.</summary>
    public const string ReviewExpired = "review.expired";

    /// <summary>A decision was refused (e.g. on a terminal item).</summary>
    public const string ReviewDecisionRefused = "review.decision_refused";

    /// <summary>A dispatch batch was created.</summary>
    public const string BatchCreated = "batch.created";

    /// <summary>A dispatch batch was approved.</summary>
    public const string BatchApproved = "batch.approved";

    /// <summary>A dispatch batch was rejected.</summary>
    public const string BatchRejected = "batch.rejected";

    /// <summary>A dispatch batch expired.</summary>
    public const string BatchExpired = "batch.expired";

    /// <summary>A dispatch batch was executed.</summary>
    public const string BatchExecuted = "batch.executed";

    /// <summary>Execution of a batch was refused.</summary>
    public const string BatchExecutionRefused = "batch.execution_refused";

    /// <summary>Batch hygiene released an approved item's claim that named a missing or finished batch.</summary>
    public const string BatchClaimReleased = "batch.claim_released";

    /// <summary>A message was sent.</summary>
    public const string SendSent = "send.sent";

    /// <summary>A send was refused or deferred by a safety layer.</summary>
    public const string SendRefused = "send.refused";

    /// <summary>A provider call failed definitively.</summary>
    public const string SendFailed = "send.failed";

    /// <summary>A send may have gone out; awaits reconciliation.</summary>
    public const string SendMaybeSent = "send.maybe_sent";

    /// <summary>A maybe-sent item was settled against the provider.</summary>
    public const string SendReconciled = "send.reconciled";

    /// <summary>The emergency stop was engaged.</summary>
    public const string EmergencyStopOn = "emergency_stop.on";

    /// <summary>The emergency stop was released.</summary>
    public const string EmergencyStopOff = "emergency_stop.off";

    /// <summary>A person added a suppression by hand (<c>suppress add</c>).</summary>
    public const string SuppressionAdded = "suppression.added";

    /// <summary>A person removed a suppression by hand (<c>suppress remove</c>).</summary>
    public const string SuppressionRemoved = "suppression.removed";
}
