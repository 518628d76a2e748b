using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Review;

/// <summary>Lifecycle of a review-queue item. Wire names are snake_case.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<ReviewStatus>))]
public enum ReviewStatus
{
    /// <summary>Waiting for a human decision.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Approved (possibly edited); waits for a dispatch batch.</summary>
    [JsonStringEnumMemberName("approved")]
    Approved,

    /// <summary>Rejected with a reason and tag. Terminal.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Not decided in time. Terminal.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired,

    /// <summary>Handed to the provider and confirmed. Terminal.</summary>
    [JsonStringEnumMemberName("sent")]
    Sent,

    /// <summary>The provider call failed; never silently re-approved. Terminal.</summary>
    [JsonStringEnumMemberName("send_failed")]
    SendFailed,

    /// <summary>A safety layer refused the send for good (suppressed, already contacted). Terminal.</summary>
    [JsonStringEnumMemberName("blocked")]
    Blocked,

    /// <summary>The send may have gone out (crash or timeout after reservation); awaits reconciliation, never resent automatically.</summary>
    [JsonStringEnumMemberName("maybe_sent")]
    MaybeSent,
}

/// <summary>Status helpers.</summary>
public static class ReviewStatuses
{
    /// <summary>Whether no further decision or send may change an item in this status.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for sent, send_failed, blocked, rejected and expired.</returns>
    public static bool IsTerminal(this ReviewStatus status) =>
        status is ReviewStatus.Sent or ReviewStatus.SendFailed or ReviewStatus.Blocked or ReviewStatus.Rejected or ReviewStatus.Expired;

    /// <summary>
    /// The review state machine: whether an item may move from <paramref name="from"/> to
    /// <paramref name="to"/>. Every write of an item goes through this table, whoever the caller is:
    /// <c>pending → approved | rejected | expired</c>, <c>approved → sent | send_failed | blocked | maybe_sent</c>,
    /// <c>maybe_sent → sent | send_failed</c>. Terminal statuses (<see cref="IsTerminal"/>) are never left.
    /// Staying in the same status (a change of other fields) is allowed until the item is terminal: a
    /// terminal item is history and never changes again, in any field.
    /// </summary>
    /// <param name="from">The current status.</param>
    /// <param name="to">The new status.</param>
    /// <returns><see langword="true"/> when the change is allowed.</returns>
    public static bool CanTransition(this ReviewStatus from, ReviewStatus to) => (from == to && !from.IsTerminal()) || (from, to) switch
    {
        (ReviewStatus.Pending, ReviewStatus.Approved or ReviewStatus.Rejected or ReviewStatus.Expired) => true,
        (ReviewStatus.Approved, ReviewStatus.Sent or ReviewStatus.SendFailed or ReviewStatus.Blocked or ReviewStatus.MaybeSent) => true,
        (ReviewStatus.MaybeSent, ReviewStatus.Sent or ReviewStatus.SendFailed) => true,
        _ => false,
    };

    /// <summary>The wire name of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>e.g. <c>send_failed</c>.</returns>
    public static string ToWireName(this ReviewStatus status) => status switch
    {
        ReviewStatus.Pending => "pending",
        ReviewStatus.Approved => "approved",
        ReviewStatus.Rejected => "rejected",
        ReviewStatus.Expired => "expired",
        ReviewStatus.Sent => "sent",
        ReviewStatus.SendFailed => "send_failed",
        ReviewStatus.Blocked => "blocked",
        ReviewStatus.MaybeSent => "maybe_sent",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>
/// A draft waiting for (or past) a human decision, with the lead context the reviewer needs.
/// Immutable: every change is a new version written with compare-and-set.
/// </summary>
public sealed record ReviewItem
{
    /// <summary>Item id (time-ordered).</summary>
    public required string Id { get; init; }

    /// <summary>Current status.</summary>
    public ReviewStatus Status { get; init; }

    /// <summary>When the draft was queued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the item last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Dispatch motion the item belongs to: <c>outbound</c> (first touch), <c>cadence</c> (follow-ups) or <c>revival</c>.</summary>
    public string Motion { get; init; } = "outbound";

    /// <summary>
    /// Whether the item is sandbox work (drafted by a sandbox run, for the sandbox's automatic approver). Set
    /// when the item is created; sandbox work never enters a human batch and is only sent on sandbox channels.
    /// </summary>
    public bool Sandbox { get; init; }

    /// <summary>Pipeline run that produced the draft.</summary>
    public string? RunId { get; init; }

    /// <summary>Recipient address as received.</summary>
    public required string RecipientEmail { get; init; }

    /// <summary>Canonical dedup key of the recipient (<c>email:…</c>).</summary>
    public required string RecipientKey { get; init; }

    /// <summary>Recipient's name.</summary>
    public string? RecipientName { get; init; }

    /// <summary>Recipient's title.</summary>
    public string? Title { get; init; }

    /// <summary>Company name.</summary>
    public string? Company { get; init; }

    /// <summary>Company domain.</summary>
    public string? CompanyDomain { get; init; }

    /// <summary>Recipient's IANA time zone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Recipient's LinkedIn profile.</summary>
    public string? LinkedInUrl { get; init; }

    /// <summary>Channel of the draft.</summary>
    public Channel Channel { get; init; }

    /// <summary>Sequence step.</summary>
    public int Step { get; init; }

    /// <summary>Sequence day.</summary>
    public int Day { get; init; }

    /// <summary>Subject as drafted.</summary>
    public required string Subject { get; init; }

    /// <summary>Body as drafted.</summary>
    public required string Body { get; init; }

    /// <summary>Crafter that wrote the draft.</summary>
    public string? Crafter { get; init; }

    /// <summary>ICP score.</summary>
    public int Score { get; init; }

    /// <summary>Tier.</summary>
    public Tier Tier { get; init; }

    /// <summary>Whether the score fell in the needs-review band.</summary>
    public bool NeedsReview { get; init; }

    /// <summary>The score's reasons.</summary>
    public IReadOnlyList<ScoreReason> Reasons { get; init; } = [];

    /// <summary>Whether enrichment added facts.</summary>
    public bool Enriched { get; init; }

    /// <summary>The lead's facts the draft was scored and written on, each with its source (input or the enriching provider).</summary>
    public IReadOnlyList<LeadFact> Facts { get; init; } = [];

    /// <summary>Subject as approved (the edit when edited).</summary>
    public string? ApprovedSubject { get; init; }

    /// <summary>Body as approved (the edit when edited).</summary>
    public string? ApprovedBody { get; init; }

    /// <summary>SHA-256 (lower hex) of the approved channel, subject and body; dispatch batches freeze it.</summary>
    public string? ContentDigest { get; init; }

    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>When the decision was made.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Reviewer's free-text feedback.</summary>
    public string? Feedback { get; init; }

    /// <summary>Rejection reason text.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>Rejection tag (fixed set).</summary>
    public string? RejectionTag { get; init; }

    /// <summary>Machine-readable reason of the latest status change (e.g. a safety reason code).</summary>
    public string? StatusReason { get; init; }
}
