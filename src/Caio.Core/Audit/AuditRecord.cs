using System.Text.Json.Serialization;

namespace Caio.Audit;

/// <summary>
/// One entry of the append-only audit trail: decisions, edits, batch lifecycle, sends and refusals,
/// emergency-stop switches. Field names are stable; absent fields are omitted.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>When it happened (UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>What happened, e.g. <c>review.approved</c>, <c>batch.executed</c>, <c>send.refused</c> (see <see cref="AuditActions"/>).</summary>
    public required string Action { get; init; }

    /// <summary>Who did it: the authenticated person, or a system actor such as <c>system:operator</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>Review item concerned.</summary>
    public string? ItemId { get; init; }

    /// <summary>Dispatch batch concerned.</summary>
    public string? BatchId { get; init; }

    /// <summary>Canonical recipient key concerned.</summary>
    public string? RecipientKey { get; init; }

    /// <summary>Machine-readable reason (a safety reason code, a rejection tag, a refusal code).</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Human-readable detail.</summary>
    public string? Detail { get; init; }

    /// <summary>Original subject, for edits.</summary>
    public string? SubjectBefore { get; init; }

    /// <summary>Edited subject, for edits.</summary>
    public string? SubjectAfter { get; init; }

    /// <summary>Original body, for edits.</summary>
    public string? BodyBefore { get; init; }

    /// <summary>Edited body, for edits.</summary>
    public string? BodyAfter { get; init; }

    /// <summary><c>minor_tweak</c> or <c>rewrite</c>, for edits.</summary>
    public string? EditClass { get; init; }

    /// <summary>Channel concerned.</summary>
    public string? Channel { get; init; }

    /// <summary>Provider message id, for sends.</summary>
    public string? MessageId { get; init; }
}

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

/// <summary>A learning signal derived from a review decision.</summary>
public sealed record FeedbackSignal
{
    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Review item.</summary>
    public required string ItemId { get; init; }

    /// <summary><c>approved</c>, <c>edited</c> or <c>rejected</c>.</summary>
    public required string Decision { get; init; }

    /// <summary>Rejection tag, for rejections.</summary>
    public string? Tag { get; init; }

    /// <summary>Reviewer's free text.</summary>
    public string? Feedback { get; init; }

    /// <summary><c>minor_tweak</c> or <c>rewrite</c>, for edits.</summary>
    public string? EditClass { get; init; }

    /// <summary>Character edit distance between draft and approved text, for edits.</summary>
    public int? EditDistance { get; init; }

    /// <summary>Tier of the lead.</summary>
    public string? Tier { get; init; }

    /// <summary>ICP score of the lead.</summary>
    public int? Score { get; init; }

    /// <summary>Crafter that wrote the draft.</summary>
    public string? Crafter { get; init; }
}

/// <summary>Source-generated JSON metadata for audit and feedback records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(FeedbackSignal))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
