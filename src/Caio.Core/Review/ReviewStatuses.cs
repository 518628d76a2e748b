using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Review;

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
