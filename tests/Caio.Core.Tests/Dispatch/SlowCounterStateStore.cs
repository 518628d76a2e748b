using Caio.Core.Tests.State;
using Caio.State;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// Wraps a real store and holds every counter change for a moment after it is applied, so that
/// concurrent executors overlap while one of them holds a cap or ramp slot.
/// </summary>
internal sealed class SlowCounterStateStore(IStateStore inner) : DelegatingStateStore(inner)
{
    public override async ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        var result = await Inner.IncrementAsync(key, delta, limit, expiresAt, cancellationToken).ConfigureAwait(false);
        await Task.Delay(2, CancellationToken.None).ConfigureAwait(false);
        return result;
    }
}
