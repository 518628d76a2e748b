using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>Lifecycle of a dispatch batch. Wire names are snake_case.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<BatchStatus>))]
public enum BatchStatus
{
    /// <summary>Created; waits for a human approval.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>
    /// Approved: authorizes sending its frozen scope until it expires. Runs claim it (→ executing); a run
    /// that leaves deferred actions returns it here, holding them (<see cref="DispatchBatch.Deferred"/>).
    /// </summary>
    [JsonStringEnumMemberName("approved")]
    Approved,

    /// <summary>Rejected. Terminal.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Claimed by an executor under the batch's execution lease; sends are in progress.</summary>
    [JsonStringEnumMemberName("executing")]
    Executing,

    /// <summary>Executed: every action is settled (sent, failed, maybe sent, or refused and released). Terminal.</summary>
    [JsonStringEnumMemberName("executed")]
    Executed,

    /// <summary>Expired before every action was settled; what was left returned to the approved pool. Terminal.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired,
}

/// <summary>
/// A dispatch batch: the frozen, hashed scope of approved items a human released for sending.
/// Once approved it authorizes sending exactly this scope, each action at most once, until it expires.
/// </summary>
public sealed record DispatchBatch
{
    /// <summary>Batch id (time-ordered).</summary>
    public required string Id { get; init; }

    /// <summary>Motion: <c>outbound</c>, <c>cadence</c> or <c>revival</c>.</summary>
    public required string Motion { get; init; }

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

/// <summary>An action of a batch that a safety layer deferred; the batch still holds it.</summary>
/// <param name="ActionId">The action.</param>
/// <param name="Reason">The deferring layer's reason code (e.g. <c>cap_daily</c>, <c>outside_send_window</c>).</param>
/// <param name="DeferUntil">The earliest time the layer would let it go.</param>
public sealed record DeferredAction(
    [property: JsonPropertyName("actionId")] string ActionId,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("deferUntil")] DateTimeOffset? DeferUntil)
{
    /// <summary>The deferral as a refusal (its code), for code that handles every refusal alike; not written to JSON.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal Refusal => new(Reason);
}

/// <summary>
/// An action of a new batch that cannot go out now, found by a dry evaluation through the safety chain
/// when the batch is created.
/// </summary>
/// <param name="ActionId">The action.</param>
/// <param name="ItemId">Its review item.</param>
/// <param name="RecipientKey">Recipient key.</param>
/// <param name="Channel">Channel wire name.</param>
/// <param name="Outcome"><c>deferred</c> (it will go later) or <c>refused</c>.</param>
/// <param name="Reason">The first refusing layer's reason code.</param>
/// <param name="DeferUntil">For a deferral, when it would go.</param>
/// <param name="Detail">Human-readable detail.</param>
public sealed record BatchActionNotice(
    [property: JsonPropertyName("actionId")] string ActionId,
    [property: JsonPropertyName("itemId")] string ItemId,
    [property: JsonPropertyName("recipientKey")] string RecipientKey,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("outcome")] Dispatch.ActionOutcomeKind Outcome,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("deferUntil")] DateTimeOffset? DeferUntil,
    [property: JsonPropertyName("detail")] string? Detail)
{
    /// <summary>Why the action cannot go out now (code and detail); not written to JSON, which keeps its flat fields.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal Refusal => new(Reason, Detail);
}

/// <summary>Outcome counts of one channel in a batch execution.</summary>
/// <param name="Channel">Channel wire name.</param>
/// <param name="Sent">Sends confirmed by the channel.</param>
/// <param name="Failed">Sends the channel refused or failed definitively.</param>
/// <param name="MaybeSent">Sends whose outcome is unknown (awaiting reconciliation).</param>
/// <param name="Refused">Actions a safety layer denied.</param>
/// <param name="Deferred">Actions a safety layer deferred (the batch keeps them for a later run).</param>
public sealed record ChannelResult(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("sent")] int Sent,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("maybeSent")] int MaybeSent,
    [property: JsonPropertyName("refused")] int Refused,
    [property: JsonPropertyName("deferred")] int Deferred);

/// <summary>Reason codes of refused batch operations.</summary>
public static class BatchRefusals
{
    /// <summary>No batch with that id.</summary>
    public const string NotFound = "batch_not_found";

    /// <summary>Execution needs an approved batch.</summary>
    public const string NotApproved = "batch_not_approved";

    /// <summary>The batch expired.</summary>
    public const string Expired = "batch_expired";

    /// <summary>The batch was already executed (or is executing).</summary>
    public const string AlreadyExecuted = "batch_already_executed";

    /// <summary>The batch belongs to another motion.</summary>
    public const string WrongMotion = "batch_wrong_motion";

    /// <summary>The recomputed hash differs: the scope or an item's approved content changed.</summary>
    public const string HashMismatch = "batch_hash_mismatch";

    /// <summary>Another executor claimed the batch first.</summary>
    public const string ClaimedByAnother = "batch_claimed_by_another_executor";

    /// <summary>The operation is not allowed in the batch's status (e.g. approving a rejected batch).</summary>
    public const string InvalidStatus = "batch_invalid_status";

    /// <summary>No approved items are waiting for a batch of that motion.</summary>
    public const string NothingToBatch = "nothing_to_batch";

    /// <summary>Unknown motion.</summary>
    public const string InvalidMotion = "invalid_motion";

    /// <summary>The approved items kept being claimed or changed while a batch was created; nothing was written.</summary>
    public const string Contended = "batch_contended";
}

/// <summary>Outcome of a batch operation.</summary>
/// <param name="Batch">The batch after the operation (or as it is, when refused).</param>
/// <param name="RefusalCode">Why it was refused (<see cref="BatchRefusals"/>), or <see langword="null"/>.</param>
/// <param name="Detail">Human-readable detail.</param>
public readonly record struct BatchOperationResult(DispatchBatch? Batch, string? RefusalCode, string? Detail)
{
    /// <summary>Why the operation was refused (code and detail), or <see langword="null"/> when it was applied.</summary>
    public Caio.Safety.Refusal? Refusal => Caio.Safety.Refusal.From(RefusalCode, Detail);

    /// <summary>Whether the operation was applied.</summary>
    public bool Succeeded => RefusalCode is null;

    /// <summary>For a created batch: the actions that cannot go out now and why (empty when all can).</summary>
    public IReadOnlyList<BatchActionNotice>? Notices { get; init; }
}

/// <summary>Options of dispatch batches, bound from <c>Caio:Batches</c>.</summary>
public sealed class BatchOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Batches";

    /// <summary>How long a batch may wait for approval and execution (default 24 hours).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Maximum items per batch (default 500).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxItems { get; set; } = 500;
}

/// <summary>Source-generated JSON metadata for batches.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DispatchBatch))]
[JsonSerializable(typeof(string))]
internal sealed partial class DispatchBatchJsonContext : JsonSerializerContext;
