using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// The interface's default group counter primitives, which a store that only wraps another one inherits:
/// one increment at a time, giving back what it took when a later counter is full or the store fails.
/// </summary>
public sealed class DefaultCounterGroupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReserveCountersAsync_LaterCounterFull_GivesBackTheEarlierOnesAndReportsIt()
    {
        var inner = new InMemoryStateStore(new FakeTimeProvider(TestClock.Start));
        await inner.IncrementAsync("cap:hourly:h1", 2, 2, cancellationToken: Ct);
        IStateStore sut = new FailingIncrements(inner, failOn: null);

        var refused = await sut.ReserveCountersAsync(new CounterReservation[] { new("cap:daily:d1", 5, null), new("cap:hourly:h1", 2, null) }, Ct);

        Assert.Equal(1, refused);
        Assert.Equal(0, await inner.GetCounterAsync("cap:daily:d1", Ct));
        Assert.Equal(2, await inner.GetCounterAsync("cap:hourly:h1", Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_StoreFailsOnALaterCounter_GivesBackTheEarlierOnesAndThrows()
    {
        var inner = new InMemoryStateStore(new FakeTimeProvider(TestClock.Start));
        IStateStore sut = new FailingIncrements(inner, failOn: "cap:hourly:h1");

        await Assert.ThrowsAsync<StateUnavailableException>(async () =>
            await sut.ReserveCountersAsync(new CounterReservation[] { new("cap:daily:d1", 5, null), new("cap:hourly:h1", 5, null) }, Ct));

        Assert.Equal(0, await inner.GetCounterAsync("cap:daily:d1", Ct));
        Assert.Equal(0, await inner.GetCounterAsync("cap:hourly:h1", Ct));
    }

    [Fact]
    public async Task ReleaseCountersAsync_DecrementsOnlyCountersAboveZero()
    {
        var inner = new InMemoryStateStore(new FakeTimeProvider(TestClock.Start));
        await inner.IncrementAsync("cap:daily:d1", 2, 5, cancellationToken: Ct);
        IStateStore sut = new FailingIncrements(inner, failOn: null);

        Assert.Equal(1, await sut.ReleaseCountersAsync(new[] { "cap:daily:d1", "cap:hourly:h1" }, Ct));

        Assert.Equal(1, await inner.GetCounterAsync("cap:daily:d1", Ct));
        Assert.Equal(0, await inner.GetCounterAsync("cap:hourly:h1", Ct));
    }

    /// <summary>Wraps a store without replacing the group primitives; positive increments of one key fail.</summary>
    private sealed class FailingIncrements(IStateStore inner, string? failOn) : DelegatingStateStore(inner)
    {
        public override ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
            delta > 0 && key == failOn
                ? throw new StateUnavailableException("increment " + key, "test", null)
                : Inner.IncrementAsync(key, delta, limit, expiresAt, cancellationToken);
    }
}
