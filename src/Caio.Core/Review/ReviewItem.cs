using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Review;

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
    public Caio.Batches.BatchMotion Motion { get; init; } = Caio.Batches.BatchMotion.Outbound;

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
