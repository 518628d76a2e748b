using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>One message to send.</summary>
/// <param name="IdempotencyKey">Deterministic per (recipient, step): a retry or another worker sends with the same key.</param>
/// <param name="RecipientKey">Canonical recipient key.</param>
/// <param name="Email">Recipient address.</param>
/// <param name="LinkedInUrl">Recipient's LinkedIn profile, for LinkedIn channels.</param>
/// <param name="Step">Sequence step.</param>
/// <param name="Subject">Approved subject.</param>
/// <param name="Body">Approved body.</param>
/// <param name="ItemId">Review item.</param>
/// <param name="BatchId">Dispatch batch.</param>
public sealed record ChannelSendRequest(
    string IdempotencyKey,
    string RecipientKey,
    string Email,
    string? LinkedInUrl,
    int Step,
    string Subject,
    string Body,
    string ItemId,
    string BatchId)
{
    /// <summary>The recipient's tier (a provider may route it to a tier's campaign).</summary>
    public Tier? Tier { get; init; }

    /// <summary>The motion of the item (<c>outbound</c>, <c>cadence</c>, <c>revival</c>).</summary>
    public Caio.Batches.BatchMotion? Motion { get; init; }
}
