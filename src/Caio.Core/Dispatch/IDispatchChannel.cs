using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>
/// A channel that delivers approved messages (Instantly, HeyReach, GoHighLevel, or the recording
/// sandbox channels). Implementations must honour <see cref="ChannelSendRequest.IdempotencyKey"/>
/// (the provider's idempotency / skip-duplicate option) and must be able to say afterwards whether
/// a send with that key went out, for reconciliation.
/// </summary>
public interface IDispatchChannel
{
    /// <summary>Channel name used in configuration, reports and the contact history (e.g. <c>sandbox-email</c>, <c>instantly</c>).</summary>
    string Name { get; }

    /// <summary>The kind of channel.</summary>
    Channel Channel { get; }

    /// <summary>Sends one message. Throwing (timeout, transport error, cancellation) means "outcome unknown".</summary>
    /// <param name="request">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ChannelSendResult.Sent"/> or a definite failure.</returns>
    ValueTask<ChannelSendResult> SendAsync(ChannelSendRequest request, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider whether a send with this idempotency key went out.</summary>
    /// <param name="request">The message as it was sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the provider knows.</returns>
    ValueTask<DeliveryCheck> CheckAsync(ChannelSendRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether this channel carries a motion's batches (e.g. GoHighLevel the revival motion, Instantly
    /// outbound and cadence). When several selected channels of one kind serve a motion, the first
    /// registered is used. Default: every motion.
    /// </summary>
    /// <param name="motion">The batch's motion (<c>outbound</c>, <c>cadence</c>, <c>revival</c>).</param>
    /// <returns><see langword="true"/> when it serves the motion.</returns>
    bool Serves(string motion) => true;
}

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
    public string? Motion { get; init; }
}

/// <summary>Outcome of a channel call.</summary>
public readonly record struct ChannelSendResult
{
    /// <summary>Whether the provider accepted the message.</summary>
    public bool Succeeded { get; private init; }

    /// <summary>Provider message id.</summary>
    public string? MessageId { get; private init; }

    /// <summary>Provider error, for failures.</summary>
    public string? Error { get; private init; }

    /// <summary>
    /// Whether the channel also proved delivery (e.g. read the message back from the provider's thread),
    /// so the ledger records the send as confirmed by the provider, not only handed to it.
    /// </summary>
    public bool DeliveryConfirmed { get; private init; }

    /// <summary>Accepted by the provider.</summary>
    /// <param name="messageId">Provider message id.</param>
    /// <returns>The result.</returns>
    public static ChannelSendResult Sent(string messageId) => new() { Succeeded = true, MessageId = messageId };

    /// <summary>Accepted by the provider, and its delivery proven by a read from the provider.</summary>
    /// <param name="messageId">Provider message id.</param>
    /// <returns>The result.</returns>
    public static ChannelSendResult SentAndConfirmed(string messageId) => new() { Succeeded = true, MessageId = messageId, DeliveryConfirmed = true };

    /// <summary>Definitely not sent (the provider refused: validation error, 4xx).</summary>
    /// <param name="error">The provider's reason.</param>
    /// <returns>The result.</returns>
    public static ChannelSendResult Failed(string error) => new() { Error = error };
}

/// <summary>What a provider knows about a send, for reconciliation.</summary>
/// <param name="Status">Whether it went out.</param>
/// <param name="MessageId">Provider message id when sent.</param>
/// <param name="DeliveryConfirmed">
/// The provider proved delivery (e.g. the message is in the recipient's thread), so reconciliation records the send
/// as confirmed by the provider, not only handed to it.
/// </param>
public readonly record struct DeliveryCheck(DeliveryStatus Status, string? MessageId = null, bool DeliveryConfirmed = false);

/// <summary>Reconciliation answers.</summary>
public enum DeliveryStatus
{
    /// <summary>The provider cannot tell (yet); the item stays maybe_sent.</summary>
    Unknown,

    /// <summary>The message went out.</summary>
    Sent,

    /// <summary>The message did not go out.</summary>
    NotSent,
}
