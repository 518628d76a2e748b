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
