using System.Net;

namespace Caio.Providers.Internal;

/// <summary>
/// What the attempts of one provider call have done so far, kept on its request
/// (<see cref="ProviderHttp.AttemptsKey"/>) by <see cref="ProviderAttemptHandler"/>, the innermost handler.
/// It lets a call that ran out of time tell "an attempt was on its way to the provider" (the outcome is unknown)
/// from "nothing reached it": the call waited for its rate limit, in the client-side limiter's queue or out a
/// 429's wait, and the provider acted on nothing.
/// </summary>
internal sealed class ProviderAttempts
{
    private int _mayHaveActed;
    private long _requestedWaitTicks = -1;

    /// <summary>Whether the provider may have acted on an attempt: one was sent and not answered 429.</summary>
    public bool MayHaveActed => Volatile.Read(ref _mayHaveActed) == 1;

    /// <summary>The wait the last 429 asked for, if it named one.</summary>
    public TimeSpan? RequestedWait => Volatile.Read(ref _requestedWaitTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>An attempt is about to be sent.</summary>
    public void Sending() => Volatile.Write(ref _mayHaveActed, 1);

    /// <summary>An attempt was answered: a 429 proves the provider did not act on it.</summary>
    public void Answered(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Volatile.Write(ref _requestedWaitTicks, ProviderHttp.RequestedWait(response)?.Ticks ?? -1);
            Volatile.Write(ref _mayHaveActed, 0);
        }
    }
}
