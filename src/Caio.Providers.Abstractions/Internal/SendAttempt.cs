using Caio.Dispatch;

namespace Caio.Providers.Internal;

/// <summary>
/// One channel send, tracked against its side effect so that a failure is classified by where it
/// happened. Until the sending request has been accepted, a request that never left (circuit open,
/// client-side rate limiter full) or was answered 429 means nothing was sent
/// (<see cref="ChannelSendResult.Unavailable"/>), and a provider refusal means the send failed
/// (<see cref="ChannelSendResult.Failed"/>). Once the provider has accepted the sending request, no
/// later failure (a confirming read, a follow-up lookup) can settle the send as not sent: it propagates,
/// and the operator records the outcome as unknown until reconciliation asks the provider.
/// </summary>
internal sealed class SendAttempt
{
    private bool _accepted;

    /// <summary>Runs the request that sends; once it returns, the send is past the point of no return.</summary>
    /// <typeparam name="T">The response.</typeparam>
    /// <param name="call">The sending request.</param>
    /// <returns>The response.</returns>
    public async Task<T> SideEffectAsync<T>(Task<T> call)
    {
        var response = await call.ConfigureAwait(false);
        _accepted = true;
        return response;
    }

    /// <summary>Runs the request that sends, when it answers nothing.</summary>
    /// <param name="call">The sending request.</param>
    /// <returns>A task that completes when the request was accepted.</returns>
    public async Task SideEffectAsync(Task call)
    {
        await call.ConfigureAwait(false);
        _accepted = true;
    }

    /// <summary>Settles a provider error as not sent when it proves so; otherwise the outcome is unknown.</summary>
    /// <param name="exception">The error.</param>
    /// <param name="refused">Whether the channel reads the error as the provider's definite refusal.</param>
    /// <param name="result">The settled result.</param>
    /// <returns>Whether the error settles the send.</returns>
    public bool TrySettle(CaioApiException exception, bool refused, out ChannelSendResult result)
    {
        if (!_accepted && (ProviderErrors.NeverSent(exception) || exception is CaioRateLimitException))
        {
            result = ChannelSendResult.Unavailable(exception.Describe());
            return true;
        }

        if (!_accepted && refused)
        {
            result = ChannelSendResult.Failed(exception.Describe());
            return true;
        }

        result = default;
        return false;
    }
}
