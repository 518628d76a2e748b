using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>
/// A dispatch batch: the frozen, hashed scope of approved items a human released for sending.
/// Once approved it authorizes sending exactly this scope, each action at most once, until it expires.
/// </summary>
public sealed record DispatchBatch
{
    /// <summary>Batch id (time-ordered).</summary>
    public required string Id { get; init; }

    /// <summary>Motion; written <c>outbound</c>, <c>cadence</c> or <c>revival</c>.</summary>
    public required BatchMotion Motion { get; init; }

    /// <summary>Status.</summary>
    public BatchStatus Status { get; init; }

    /// <summary>The frozen scope: item ids, each item's approved-content digest, and the actions.</summary>
    public required BatchScope Scope { get; init; }

    /// <summary>SHA-256 (lower hex) of the canonical scope, shown to the approver.</summary>
    public required string PreviewHash { get; init; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who created it.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Expiry; an unexecuted batch cannot run after it.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Approver (the authenticated identity).</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>Approval time.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Who rejected it.</summary>
    public string? RejectedBy { get; init; }

    /// <summary>Rejection time.</summary>
    public DateTimeOffset? RejectedAt { get; init; }

    /// <summary>Rejection reason.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>The executor that claimed the batch.</summary>
    public string? ExecutedBy { get; init; }

    /// <summary>When execution started.</summary>
    public DateTimeOffset? ExecutionStartedAt { get; init; }

    /// <summary>When the last execution run finished.</summary>
    public DateTimeOffset? ExecutedAt { get; init; }

    /// <summary>Per-channel outcome of the execution runs so far (deferred: those of the last run).</summary>
    public IReadOnlyList<ChannelResult>? Results { get; init; }

    /// <summary>
    /// Actions a safety layer deferred that the batch still holds: later runs send them, without a new
    /// approval, as the layers allow, until the batch expires.
    /// </summary>
    public IReadOnlyList<DeferredAction>? Deferred { get; init; }
}
