using Caio.Leads;

namespace Caio.Dispatch;

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

    /// <summary>
    /// Whether the channel did not call the provider at all (its circuit is open, its client-side rate
    /// limiter is full, or the provider answered 429 to the sending request): nothing was sent, so the
    /// operator gives the ledger reservation and the cap slots back and refuses the action
    /// <c>provider_unavailable</c>; the item stays approved for a later run.
    /// </summary>
    public bool NotAttempted { get; private init; }

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

    /// <summary>Not sent, because the provider was not called (see <see cref="NotAttempted"/>).</summary>
    /// <param name="reason">Why the provider was not called.</param>
    /// <returns>The result.</returns>
    public static ChannelSendResult Unavailable(string reason) => new() { Error = reason, NotAttempted = true };
}
