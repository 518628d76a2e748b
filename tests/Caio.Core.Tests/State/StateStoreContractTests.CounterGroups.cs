using Caio.State;

namespace Caio.Core.Tests.State;

/// <summary>
/// The group counter primitives (<see cref="IStateStore.ReserveCountersAsync"/> and
/// <see cref="IStateStore.ReleaseCountersAsync"/>), on every backend.
/// </summary>
public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task ReserveCountersAsync_EveryCounterBelowItsLimit_IncrementsEachByOne()
    {
        var sut = CreateStore();
        await sut.IncrementAsync("cap:daily:d1", 4, 10, cancellationToken: Ct);

        var refused = await sut.ReserveCountersAsync(
            new CounterReservation[] { new("cap:daily:d1", 10, null), new("cap:hourly:h1", 3, null), new("ramp:daily:d1", 1, null) },
            Ct);

        Assert.Equal(-1, refused);
        var other = CreateStore();
        Assert.Equal(5, await other.GetCounterAsync("cap:daily:d1", Ct));
        Assert.Equal(1, await other.GetCounterAsync("cap:hourly:h1", Ct));
        Assert.Equal(1, await other.GetCounterAsync("ramp:daily:d1", Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_CountersAtTheirLimit_ChangesNothingAndReportsTheFirstFull()
    {
        var sut = CreateStore();
        await sut.IncrementAsync("cap:hourly:h1", 3, 3, cancellationToken: Ct);
        await sut.IncrementAsync("cap:mailbox:m1", 2, 2, cancellationToken: Ct);

        var refused = await sut.ReserveCountersAsync(
            new CounterReservation[] { new("cap:daily:d1", 10, null), new("cap:hourly:h1", 3, null), new("cap:mailbox:m1", 2, null) },
            Ct);

        Assert.Equal(1, refused);
        Assert.Equal(0, await sut.GetCounterAsync("cap:daily:d1", Ct));
        Assert.Equal(3, await sut.GetCounterAsync("cap:hourly:h1", Ct));
        Assert.Equal(2, await sut.GetCounterAsync("cap:mailbox:m1", Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_ZeroLimit_RefusesThatCounter()
    {
        var sut = CreateStore();

        Assert.Equal(0, await sut.ReserveCountersAsync(new CounterReservation[] { new("cap:closed:c", 0, null), new("cap:open:o", 5, null) }, Ct));
        Assert.Equal(0, await sut.GetCounterAsync("cap:open:o", Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_Windows_NewCounterTakesItsExpiryAndAnExistingWindowKeepsIts()
    {
        var sut = CreateStore();
        var hourEnd = Time.GetUtcNow().AddHours(1);
        await sut.IncrementAsync("cap:hourly:h1", 1, 10, hourEnd, Ct);

        var refused = await sut.ReserveCountersAsync(
            new CounterReservation[] { new("cap:hourly:h1", 10, hourEnd.AddHours(5)), new("cap:daily:d1", 10, hourEnd.AddHours(2)) },
            Ct);

        Assert.Equal(-1, refused);
        Assert.Equal(2, await sut.GetCounterAsync("cap:hourly:h1", Ct));
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await sut.GetCounterAsync("cap:hourly:h1", Ct));
        Assert.Equal(1, await sut.GetCounterAsync("cap:daily:d1", Ct));
        Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await sut.GetCounterAsync("cap:daily:d1", Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_ExpiredFullCounter_CountsAsZeroAndStartsANewWindow()
    {
        var sut = CreateStore();
        await sut.IncrementAsync("cap:hourly:h1", 3, 3, Time.GetUtcNow().AddMinutes(1), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(-1, await sut.ReserveCountersAsync(new CounterReservation[] { new("cap:hourly:h1", 3, Time.GetUtcNow().AddHours(1)) }, Ct));

        Assert.Equal(1, await sut.GetCounterAsync("cap:hourly:h1", Ct));
        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(1, await sut.GetCounterAsync("cap:hourly:h1", Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await sut.GetCounterAsync("cap:hourly:h1", Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_Empty_ReservesNothing()
    {
        Assert.Equal(-1, await CreateStore().ReserveCountersAsync(ReadOnlyMemory<CounterReservation>.Empty, Ct));
        Assert.Equal(0, await CreateStore().ReleaseCountersAsync(ReadOnlyMemory<string>.Empty, Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_DuplicateInvalidOrNegative_RefusedWithArgumentExceptionAndNothingChanges()
    {
        var sut = CreateStore();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await sut.ReserveCountersAsync(new CounterReservation[] { new("cap:a:1", 5, null), new("cap:a:1", 5, null) }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await sut.ReserveCountersAsync(new CounterReservation[] { new("cap:a:1", 5, null), new("cap:a 2", 5, null) }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await sut.ReserveCountersAsync(new CounterReservation[] { new("cap:a:1", 5, null), new("cap:a:2", -1, null) }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await sut.ReleaseCountersAsync(new[] { "cap:a:1", "cap:a:1" }, Ct));

        Assert.Equal(0, await sut.GetCounterAsync("cap:a:1", Ct));
    }

    [Fact]
    public async Task ReleaseCountersAsync_DecrementsLiveCountersAboveZeroAndLeavesAbsentAndExpiredOnes()
    {
        var sut = CreateStore();
        await sut.ReserveCountersAsync(
            new CounterReservation[] { new("cap:daily:d1", 10, null), new("cap:hourly:h1", 10, Time.GetUtcNow().AddMinutes(5)), new("ramp:daily:d1", 10, null) },
            Ct);
        await sut.IncrementAsync("cap:daily:d1", 1, 10, cancellationToken: Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        var released = await CreateStore().ReleaseCountersAsync(new[] { "cap:daily:d1", "cap:hourly:h1", "ramp:daily:d1", "cap:never:n1" }, Ct);

        Assert.Equal(2, released);
        Assert.Equal(1, await sut.GetCounterAsync("cap:daily:d1", Ct));
        Assert.Equal(0, await sut.GetCounterAsync("cap:hourly:h1", Ct));
        Assert.Equal(0, await sut.GetCounterAsync("ramp:daily:d1", Ct));
        Assert.Equal(0, await sut.GetCounterAsync("cap:never:n1", Ct));
        Assert.Equal(0, await sut.ReleaseCountersAsync(new[] { "ramp:daily:d1" }, Ct));
        Assert.Equal(0, await sut.GetCounterAsync("ramp:daily:d1", Ct));
    }

    [Fact]
    public async Task ReserveCountersAsync_ConcurrentGroupsOverSharedAndOwnLimits_NeverOvershootAndApplyWholeGroupsOnly()
    {
        // Every group takes the shared daily counter (limit 60) and its mailbox's counter (limit 20):
        // 4 mailboxes x 40 attempts, from two store instances over the same state.
        const int Mailboxes = 4, Attempts = 40, Shared = 60, PerMailbox = 20;
        IStateStore[] stores = [CreateStore(), CreateStore()];
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Mailboxes * Attempts).Select(n => Task.Run(
            async () =>
            {
                var mailbox = n % Mailboxes;
                var refused = await stores[n % 2].ReserveCountersAsync(
                    new CounterReservation[] { new("cap:daily:d1", Shared, null), new($"cap:mailbox:m{mailbox}", PerMailbox, null) },
                    Ct);
                return (Mailbox: mailbox, Refused: refused);
            },
            Ct)));

        var taken = outcomes.Where(o => o.Refused < 0).ToList();
        Assert.Equal(Shared, taken.Count);
        Assert.Equal(Shared, await CreateStore().GetCounterAsync("cap:daily:d1", Ct));
        for (var m = 0; m < Mailboxes; m++)
        {
            var counted = await CreateStore().GetCounterAsync($"cap:mailbox:m{m}", Ct);
            Assert.Equal(taken.Count(o => o.Mailbox == m), counted);
            Assert.InRange(counted, 0, PerMailbox);
        }

        Assert.All(outcomes.Where(o => o.Refused >= 0), o => Assert.InRange(o.Refused, 0, 1));
    }

    [Fact]
    public async Task ReserveAndReleaseCountersAsync_ConcurrentWithReleases_CountsExactlyTheKeptReservations()
    {
        const int Limit = 25, Workers = 8, Rounds = 30;
        IStateStore[] stores = [CreateStore(), CreateStore()];
        string[] keys = ["cap:monthly:m1", "cap:hourly:h1"];
        var kept = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(
            async () =>
            {
                var mine = 0;
                for (var r = 0; r < Rounds; r++)
                {
                    var store = stores[(w + r) % 2];
                    var refused = await store.ReserveCountersAsync(new CounterReservation[] { new(keys[0], Limit, null), new(keys[1], Limit, null) }, Ct);
                    if (refused >= 0)
                    {
                        continue;
                    }

                    if (r % 3 == 0)
                    {
                        mine++;
                    }
                    else
                    {
                        Assert.Equal(2, await store.ReleaseCountersAsync(keys, Ct));
                    }
                }

                return mine;
            },
            Ct)));

        var total = kept.Sum();
        Assert.InRange(total, 1, Limit);
        Assert.Equal(total, await CreateStore().GetCounterAsync(keys[0], Ct));
        Assert.Equal(total, await CreateStore().GetCounterAsync(keys[1], Ct));
    }
}
