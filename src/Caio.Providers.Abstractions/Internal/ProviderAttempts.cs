namespace Caio.Providers.Internal;

/// <summary>
/// What the attempts of one provider call have done so far, kept on its request
/// (<see cref="ProviderHttp.AttemptsKey"/>) by <see cref="ProviderAttemptHandler"/>, the innermost handler. An attempt
/// is <em>ambiguous</em> when the provider may have acted on it: it was sent and not answered with a definite refusal
/// (a 4xx other than 408, 429 included), because it timed out, failed in transport or was answered 2xx, 408 or 5xx.
/// Once an attempt was ambiguous, the call stays so, whatever later attempts are answered.
/// </summary>
/// <remarks>
/// This lets a call that failed tell "nothing of it can have been acted on" (it waited for the rate limit in the
/// client-side limiter's queue or out a 429's wait, or every attempt was refused) from "an attempt may have been":
/// only the first may be settled as not sent.
/// </remarks>
internal sealed class ProviderAttempts
{
    private int _inFlight;
    private int _ambiguous;

    /// <summary>Whether the provider may have acted on an attempt: one is on its way, or one ended ambiguous.</summary>
    public bool MayHaveActed => Volatile.Read(ref _inFlight) == 1 || Volatile.Read(ref _ambiguous) > 0;

    /// <summary>Whether an attempt that has ended was ambiguous (an answer still being read does not count).</summary>
    public bool EndedAmbiguous => Volatile.Read(ref _ambiguous) > 0;

    /// <summary>An attempt is about to be sent.</summary>
    public void Sending() => Volatile.Write(ref _inFlight, 1);

    /// <summary>The attempt was answered: a definite refusal proves the provider did not act on it.</summary>
    public void Answered(HttpResponseMessage response)
    {
        if (!ProviderHttp.IsDefinite(response.StatusCode))
        {
            Interlocked.Increment(ref _ambiguous);
        }

        Volatile.Write(ref _inFlight, 0);
    }

    /// <summary>The attempt ended without an answer (timeout, transport error, cancellation): the provider may have acted.</summary>
    public void Unanswered()
    {
        Interlocked.Increment(ref _ambiguous);
        Volatile.Write(ref _inFlight, 0);
    }

    /// <summary>The wait the last 429 asked for, if it named one.</summary>
    public TimeSpan? RequestedWait { get; private set; }

    /// <summary>Records a 429's requested wait.</summary>
    public void RateLimited(TimeSpan? wait) => RequestedWait = wait;
}
