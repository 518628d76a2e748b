using System.Collections.Concurrent;
using System.Net;
using Caio.Dispatch;
using Caio.Leads;

namespace Caio.Testing;

/// <summary>What a <see cref="FaultInjectingChannel"/> does with one send.</summary>
public enum ChannelFault
{
    /// <summary>The send goes to the inner channel unchanged.</summary>
    None = 0,

    /// <summary>
    /// The inner channel accepts the send, then the call throws a <see cref="TimeoutException"/>: the
    /// provider has the message, but the caller never learns it (the outcome is unknown).
    /// </summary>
    TimeoutAfterSend,

    /// <summary>
    /// The call throws an <see cref="HttpRequestException"/> with status 503 before the inner channel sees
    /// it: nothing was sent, but the caller cannot know that (the outcome is unknown).
    /// </summary>
    ServerErrorBeforeSend,

    /// <summary>The provider refuses the send definitively (<see cref="ChannelSendResult.Failed"/>); the inner channel is not called.</summary>
    Reject,

    /// <summary>
    /// The channel does not call the provider (its circuit opened, or it is rate limiting):
    /// <see cref="ChannelSendResult.Unavailable"/>; the inner channel is not called.
    /// </summary>
    Unavailable,
}
