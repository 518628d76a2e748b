using System.ComponentModel.DataAnnotations;
using Caio.Safety;

namespace Caio.Review;

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
