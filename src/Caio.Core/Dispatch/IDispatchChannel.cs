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
    /// <param name="motion">The batch's motion.</param>
    /// <returns><see langword="true"/> when it serves the motion.</returns>
    bool Serves(Caio.Batches.BatchMotion motion) => true;
}
