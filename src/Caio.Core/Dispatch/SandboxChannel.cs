using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>
/// A recording, in-process channel for sandbox runs and rehearsals: every send it accepts is
/// appended as one JSON line <c>{"channel","recipientKey","step","messageId","at"}</c> to
/// <c>&lt;state-dir&gt;/sandbox/sends.jsonl</c>. Like a real provider with skip-duplicate on, a second
/// send with the same idempotency key is accepted without being recorded again, and
/// <see cref="CheckAsync"/> answers from the recording, so reconciliation works across restarts.
/// </summary>
public class SandboxChannel : IDispatchChannel
{
    private readonly SandboxSendRecorder _recorder;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a sandbox channel.</summary>
    /// <param name="channel">Email or LinkedIn.</param>
    /// <param name="recorder">Where sends are recorded.</param>
    /// <param name="timeProvider">Clock.</param>
    public SandboxChannel(Channel channel, SandboxSendRecorder recorder, TimeProvider timeProvider)
    {
        Channel = channel;
        _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc />
    public string Name => ChannelNames.SandboxOf(Channel);

    /// <inheritdoc />
    public Channel Channel { get; }

    /// <summary>The message id the sandbox assigns to an idempotency key (deterministic).</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns><c>sbx_</c> followed by 20 hex digits.</returns>
    public static string MessageIdFor(string idempotencyKey) =>
        "sbx_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 10));

    /// <inheritdoc />
    public ValueTask<ChannelSendResult> SendAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (Channel == Channel.LinkedIn && string.IsNullOrWhiteSpace(request.LinkedInUrl))
        {
            return ValueTask.FromResult(ChannelSendResult.Failed("the recipient has no LinkedIn profile URL"));
        }

        var messageId = MessageIdFor(request.IdempotencyKey);
        _recorder.Record(new SandboxSend(ChannelNames.Of(Channel), request.RecipientKey, request.Step, messageId, _timeProvider.GetUtcNow())
        {
            Subject = Channel == Channel.Email ? request.Subject : null,
            Body = request.Body,
        });
        return ValueTask.FromResult(ChannelSendResult.Sent(messageId));
    }

    /// <inheritdoc />
    public ValueTask<DeliveryCheck> CheckAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messageId = MessageIdFor(request.IdempotencyKey);
        return ValueTask.FromResult(_recorder.Contains(messageId)
            ? new DeliveryCheck(DeliveryStatus.Sent, messageId)
            : new DeliveryCheck(DeliveryStatus.NotSent));
    }
}
