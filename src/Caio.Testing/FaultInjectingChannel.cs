using System.Collections.Concurrent;
using System.Net;
using Caio.Dispatch;
using Caio.Leads;

namespace Caio.Testing;

/// <summary>
/// Wraps an <see cref="IDispatchChannel"/> (typically a sandbox channel) to inject provider faults and
/// to observe calls: how many started, with which requests, and which ones the inner channel accepted.
/// Reconciliation (<see cref="CheckAsync"/>) is answered by the inner channel, so a send accepted
/// before an injected timeout is reported as sent and one failed before the call as not sent.
/// </summary>
/// <remarks>
/// Thread-safe. Set <see cref="Faults"/> and <see cref="OnCallStarted"/> before the channel is used
/// concurrently.
/// </remarks>
public sealed class FaultInjectingChannel : IDispatchChannel
{
    private readonly IDispatchChannel _inner;
    private readonly ConcurrentQueue<ChannelSendRequest> _calls = new();
    private readonly ConcurrentQueue<ChannelSendRequest> _delivered = new();
    private int _callsStarted;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The channel that really handles sends.</param>
    /// <param name="name">The channel name to report; the inner channel's name when <see langword="null"/>.</param>
    public FaultInjectingChannel(IDispatchChannel inner, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        Name = string.IsNullOrWhiteSpace(name) ? inner.Name : name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Channel Channel => _inner.Channel;

    /// <summary>The wrapped channel.</summary>
    public IDispatchChannel Inner => _inner;

    /// <summary>Chooses the fault for each send; <see langword="null"/> (the default) injects none.</summary>
    public Func<ChannelSendRequest, ChannelFault>? Faults { get; set; }

    /// <summary>
    /// Awaited at the start of every call, after the call is counted and before any fault applies —
    /// for example to hold calls on a gate. Exceptions it throws surface from <see cref="SendAsync"/>.
    /// </summary>
    public Func<ChannelSendRequest, CancellationToken, ValueTask>? OnCallStarted { get; set; }

    /// <summary>How many calls of <see cref="SendAsync"/> have started.</summary>
    public int CallsStarted => Volatile.Read(ref _callsStarted);

    /// <summary>Every request <see cref="SendAsync"/> was called with, in the order the calls started.</summary>
    public IReadOnlyList<ChannelSendRequest> Calls => [.. _calls];

    /// <summary>The requests the inner channel accepted (including those followed by an injected timeout).</summary>
    public IReadOnlyList<ChannelSendRequest> Delivered => [.. _delivered];

    /// <inheritdoc />
    public async ValueTask<ChannelSendResult> SendAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _callsStarted);
        _calls.Enqueue(request);
        if (OnCallStarted is { } hook)
        {
            await hook(request, cancellationToken).ConfigureAwait(false);
        }

        var fault = Faults?.Invoke(request) ?? ChannelFault.None;
        switch (fault)
        {
            case ChannelFault.ServerErrorBeforeSend:
                throw new HttpRequestException("Injected fault: 503 Service Unavailable.", null, HttpStatusCode.ServiceUnavailable);
            case ChannelFault.Reject:
                return ChannelSendResult.Failed("Injected fault: the provider refused the message.");
            case ChannelFault.Unavailable:
                return ChannelSendResult.Unavailable("Injected fault: the provider's circuit is open; it was not called.");
        }

        var result = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            _delivered.Enqueue(request);
        }

        if (fault == ChannelFault.TimeoutAfterSend)
        {
            throw new TimeoutException("Injected fault: the provider accepted the message, but the response was lost.");
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask<DeliveryCheck> CheckAsync(ChannelSendRequest request, CancellationToken cancellationToken = default) =>
        _inner.CheckAsync(request, cancellationToken);
}
