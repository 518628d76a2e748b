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
    public Caio.Safety.ReasonCode? ReasonCode { get; init; }

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
