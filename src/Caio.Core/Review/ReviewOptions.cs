using System.ComponentModel.DataAnnotations;
using Caio.Safety;

namespace Caio.Review;

/// <summary>Review-queue hygiene and edit classification, bound from <c>Caio:Review</c>.</summary>
public sealed class ReviewOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Review";

    /// <summary>Pending drafts older than this expire (default 72 hours).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DraftTimeToLive { get; set; } = TimeSpan.FromHours(72);

    /// <summary>An edit whose distance is at most this share of the longer text is a <c>minor_tweak</c>; above, a <c>rewrite</c> (default 0.2).</summary>
    [Range(0.0, 1.0)]
    public double MinorTweakMaxRatio { get; set; } = 0.2;
}

/// <summary>The fixed set of rejection tags.</summary>
public static class RejectionTags
{
    /// <summary>Every accepted tag.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "personalization_mismatch", "icp_mismatch", "campaign_mismatch", "tone_style_issue", "factual_inaccuracy",
        "weak_subject", "weak_cta", "length_issue", "compliance_issue", "placeholder_or_rendering_issue",
        "queue_hygiene_non_actionable", "other",
    };
}

/// <summary>Reason codes of refused review decisions.</summary>
public static class ReviewRefusals
{
    /// <summary>No item with that id.</summary>
    public const string NotFound = "not_found";

    /// <summary>The item's record exists but cannot be read (corrupt); it is quarantined, not decided.</summary>
    public const string Unreadable = ReasonCodes.ItemUnreadable;

    /// <summary>The item is in a terminal status (sent, send_failed, blocked, rejected, expired).</summary>
    public const string TerminalStatus = "terminal_status";

    /// <summary>The item was already decided (approved).</summary>
    public const string AlreadyDecided = "already_decided";

    /// <summary>The draft is older than its time to live; it is now expired.</summary>
    public const string Expired = "expired";

    /// <summary>The edited text contains a placeholder.</summary>
    public const string Placeholder = "placeholder";

    /// <summary>The approved subject or body is empty or whitespace (email needs both; LinkedIn needs a body).</summary>
    public const string EmptyContent = "empty_content";

    /// <summary>Unknown rejection tag.</summary>
    public const string InvalidTag = "invalid_tag";

    /// <summary>A rejection needs a reason.</summary>
    public const string MissingReason = "missing_reason";

    /// <summary>The item changed concurrently; retry.</summary>
    public const string Conflict = "conflict";
}

/// <summary>An approval, optionally with edits and feedback.</summary>
/// <param name="Subject">Edited subject, or <see langword="null"/> to keep the draft's.</param>
/// <param name="Body">Edited body, or <see langword="null"/> to keep the draft's.</param>
/// <param name="Feedback">Free-text feedback for learning.</param>
public sealed record ApproveRequest(string? Subject = null, string? Body = null, string? Feedback = null);

/// <summary>Outcome of a review decision.</summary>
/// <param name="Item">The item after the decision (or as it is, when refused).</param>
/// <param name="RefusalCode">Why the decision was refused (<see cref="ReviewRefusals"/>), or <see langword="null"/>.</param>
/// <param name="Detail">Human-readable detail.</param>
public readonly record struct DecisionResult(ReviewItem? Item, string? RefusalCode, string? Detail)
{
    /// <summary>Why the decision was refused (code and detail), or <see langword="null"/> when it was applied.</summary>
    public Caio.Safety.Refusal? Refusal => Caio.Safety.Refusal.From(RefusalCode, Detail);

    /// <summary>Whether the decision was applied.</summary>
    public bool Succeeded => RefusalCode is null;
}
