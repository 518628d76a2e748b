using System.Globalization;
using System.Text;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// The behaviour every <see cref="IStateStore"/> backend must show. Each backend runs this suite
/// through a derived class.
/// </summary>
public abstract partial class StateStoreContractTests
{
    protected FakeTimeProvider Time { get; } = new(TestClock.Start);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a store over the backend's shared state (a second call sees the first's data).</summary>
    protected abstract IStateStore CreateStore();

    protected static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    protected static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    protected static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> source)
    {
        List<T> items = [];
        await foreach (var item in source)
        {
            items.Add(item);
        }

        return items;
    }

    // ---- records -------------------------------------------------------------------------

    [Fact]
    public async Task GetAsync_AbsentKey_ReturnsNull()
    {
        var sut = CreateStore();

        Assert.Null(await sut.GetAsync("queue:item:missing", Ct));
    }

    [Fact]
    public async Task TryInsertAsync_AbsentKey_CreatesVersionOne()
    {
        var sut = CreateStore();

        Assert.True(await sut.TryInsertAsync("queue:item:1", Json("""{"a":1}"""), cancellationToken: Ct));

        var entry = await sut.GetAsync("queue:item:1", Ct);
        Assert.NotNull(entry);
        Assert.Equal("queue:item:1", entry.Key);
        Assert.Equal("""{"a":1}""", Text(entry.Value));
        Assert.Equal(1, entry.Version);
        Assert.Null(entry.ExpiresAt);
    }

    [Fact]
    public async Task TryInsertAsync_ExistingKey_ReturnsFalseAndKeepsValue()
    {
        var sut = CreateStore();
        await sut.TryInsertAsync("dedup:lead@example.com", Json("1"), cancellationToken: Ct);

        Assert.False(await sut.TryInsertAsync("dedup:lead@example.com", Json("2"), cancellationToken: Ct));

        var entry = await sut.GetAsync("dedup:lead@example.com", Ct);
        Assert.Equal("1", Text(entry!.Value));
        Assert.Equal(1, entry.Version);
    }

    [Fact]
    public async Task PutAsync_Repeated_VersionGrowsByOne()
    {
        var sut = CreateStore();

        Assert.Equal(1, await sut.PutAsync("batch:B1", Json("\"a\""), cancellationToken: Ct));
        Assert.Equal(2, await sut.PutAsync("batch:B1", Json("\"b\""), cancellationToken: Ct));
        Assert.Equal(3, await sut.PutAsync("batch:B1", Json("\"c\""), cancellationToken: Ct));

        var entry = await sut.GetAsync("batch:B1", Ct);
        Assert.Equal("\"c\"", Text(entry!.Value));
        Assert.Equal(3, entry.Version);
    }

    [Fact]
    public async Task CompareAndSetAsync_CurrentVersion_ReplacesAndReturnsNextVersion()
    {
        var sut = CreateStore();
        await sut.TryInsertAsync("batch:B1", Json("{\"state\":\"draft\"}"), cancellationToken: Ct);

        var version = await sut.CompareAndSetAsync("batch:B1", Json("{\"state\":\"approved\"}"), 1, cancellationToken: Ct);

        Assert.Equal(2, version);
        Assert.Equal("{\"state\":\"approved\"}", Text((await sut.GetAsync("batch:B1", Ct))!.Value));
    }

    [Fact]
    public async Task CompareAndSetAsync_StaleVersion_ReturnsNullAndKeepsValue()
    {
        var sut = CreateStore();
        await sut.TryInsertAsync("batch:B1", Json("1"), cancellationToken: Ct);
        await sut.CompareAndSetAsync("batch:B1", Json("2"), 1, cancellationToken: Ct);

        var version = await sut.CompareAndSetAsync("batch:B1", Json("3"), 1, cancellationToken: Ct);

        Assert.Null(version);
        var entry = await sut.GetAsync("batch:B1", Ct);
        Assert.Equal("2", Text(entry!.Value));
        Assert.Equal(2, entry.Version);
    }

    [Fact]
    public async Task CompareAndSetAsync_ZeroOnAbsent_CreatesVersionOne()
    {
        var sut = CreateStore();

        Assert.Equal(1, await sut.CompareAndSetAsync("batch:B2", Json("true"), 0, cancellationToken: Ct));
        Assert.Null(await sut.CompareAndSetAsync("batch:B2", Json("false"), 0, cancellationToken: Ct));
        Assert.Equal("true", Text((await sut.GetAsync("batch:B2", Ct))!.Value));
    }

    [Fact]
    public async Task CompareAndSetAsync_NonZeroOnAbsent_ReturnsNull()
    {
        var sut = CreateStore();

        Assert.Null(await sut.CompareAndSetAsync("batch:B3", Json("1"), 1, cancellationToken: Ct));
        Assert.Null(await sut.GetAsync("batch:B3", Ct));
    }

    [Fact]
    public async Task DeleteAsync_ExpectedVersionMismatch_RefusesAndKeepsRecord()
    {
        var sut = CreateStore();
        await sut.PutAsync("queue:item:1", Json("1"), cancellationToken: Ct);
        await sut.PutAsync("queue:item:1", Json("2"), cancellationToken: Ct);

        Assert.False(await sut.DeleteAsync("queue:item:1", 1, Ct));
        Assert.NotNull(await sut.GetAsync("queue:item:1", Ct));

        Assert.True(await sut.DeleteAsync("queue:item:1", 2, Ct));
        Assert.Null(await sut.GetAsync("queue:item:1", Ct));
    }

    [Fact]
    public async Task DeleteAsync_Unconditional_DeletesOnceThenReturnsFalse()
    {
        var sut = CreateStore();
        await sut.PutAsync("queue:item:1", Json("1"), cancellationToken: Ct);

        Assert.True(await sut.DeleteAsync("queue:item:1", cancellationToken: Ct));
        Assert.False(await sut.DeleteAsync("queue:item:1", cancellationToken: Ct));
    }

    [Fact]
    public async Task TryInsertAsync_AfterDelete_StartsAgainAtVersionOne()
    {
        var sut = CreateStore();
        await sut.PutAsync("queue:item:1", Json("1"), cancellationToken: Ct);
        await sut.PutAsync("queue:item:1", Json("2"), cancellationToken: Ct);
        await sut.DeleteAsync("queue:item:1", cancellationToken: Ct);

        Assert.True(await sut.TryInsertAsync("queue:item:1", Json("3"), cancellationToken: Ct));
        Assert.Equal(1, (await sut.GetAsync("queue:item:1", Ct))!.Version);
    }

    [Fact]
    public async Task GetAsync_PastExpiry_ReturnsNullAndKeyCanBeInsertedAgain()
    {
        var sut = CreateStore();
        var expiresAt = Time.GetUtcNow().AddMinutes(10);
        await sut.TryInsertAsync("dedup:x", Json("1"), expiresAt, Ct);

        Time.Advance(TimeSpan.FromMinutes(9));
        var live = await sut.GetAsync("dedup:x", Ct);
        Assert.NotNull(live);
        Assert.Equal(expiresAt, live.ExpiresAt);
        Assert.False(await sut.TryInsertAsync("dedup:x", Json("2"), cancellationToken: Ct));

        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await sut.GetAsync("dedup:x", Ct));
        Assert.True(await sut.TryInsertAsync("dedup:x", Json("3"), cancellationToken: Ct));
        var entry = await sut.GetAsync("dedup:x", Ct);
        Assert.Equal("3", Text(entry!.Value));
        Assert.Equal(1, entry.Version);
    }

    [Fact]
    public async Task CompareAndSetAsync_ExpiredRecord_TreatsItAsAbsent()
    {
        var sut = CreateStore();
        await sut.PutAsync("dedup:x", Json("1"), Time.GetUtcNow().AddSeconds(1), Ct);
        Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await sut.CompareAndSetAsync("dedup:x", Json("2"), 1, cancellationToken: Ct));
        Assert.Equal(1, await sut.CompareAndSetAsync("dedup:x", Json("2"), 0, cancellationToken: Ct));
        Assert.False(await sut.DeleteAsync("dedup:y", cancellationToken: Ct));
    }

    [Fact]
    public async Task PutAsync_WithoutExpiry_ClearsEarlierExpiry()
    {
        var sut = CreateStore();
        await sut.PutAsync("batch:B1", Json("1"), Time.GetUtcNow().AddSeconds(5), Ct);

        await sut.PutAsync("batch:B1", Json("2"), cancellationToken: Ct);
        Time.Advance(TimeSpan.FromHours(1));

        var entry = await sut.GetAsync("batch:B1", Ct);
        Assert.NotNull(entry);
        Assert.Null(entry.ExpiresAt);
    }

    [Fact]
    public async Task ListKeysAsync_Prefix_ReturnsLiveMatchingKeysInOrdinalOrder()
    {
        var sut = CreateStore();
        foreach (var key in new[] { "queue:item:b", "queue:item:B", "queue:item:a", "queue:other:1", "queues:x", "batch:1", "queue:item:10" })
        {
            await sut.PutAsync(key, Json("0"), cancellationToken: Ct);
        }

        await sut.PutAsync("queue:item:gone", Json("0"), Time.GetUtcNow().AddSeconds(1), Ct);
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["queue:item:10", "queue:item:B", "queue:item:a", "queue:item:b"], await Collect(sut.ListKeysAsync("queue:item:", Ct)));
        Assert.Equal(["queue:item:10", "queue:item:B", "queue:item:a", "queue:item:b", "queue:other:1", "queues:x"], await Collect(sut.ListKeysAsync("queue", Ct)));
        Assert.Equal(7, (await Collect(sut.ListKeysAsync(string.Empty, Ct))).Count);
        Assert.Empty(await Collect(sut.ListKeysAsync("nothing:", Ct)));
    }

    [Fact]
    public async Task PutAsync_InvalidJsonValue_ThrowsArgumentException()
    {
        var sut = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(async () => await sut.PutAsync("a:b", Json("{not json"), cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await sut.PutAsync("a:b", Json("1 2"), cancellationToken: Ct));
        Assert.Null(await sut.GetAsync("a:b", Ct));
    }

    [Fact]
    public async Task Values_AsDeeplyNestedAsAccepted_ReadBack_AlsoFromACommitAndAGroup()
    {
        var sut = CreateStore();
        var deepest = Json(Nested(64));

        await sut.PutAsync("a:put", deepest, cancellationToken: Ct);
        await sut.CommitAsync(new StateTransaction().Put("a:commit", deepest).Put("a:other", Json("1")), Ct);
        var group = new StateTransaction();
        for (var i = 0; i < 20; i++)
        {
            group.Put("a:group:" + i.ToString(CultureInfo.InvariantCulture), deepest);
        }

        await sut.CommitAsync(group, Ct);

        var reopened = CreateStore();
        foreach (var key in new[] { "a:put", "a:commit", "a:group:0", "a:group:19" })
        {
            Assert.Equal(Nested(64), Text((await reopened.GetAsync(key, Ct))!.Value));
        }

        await Assert.ThrowsAsync<ArgumentException>(async () => await sut.PutAsync("a:deeper", Json(Nested(65)), cancellationToken: Ct));

        // Arrays nested to the given depth.
        static string Nested(int depth) => new string('[', depth) + new string(']', depth);
    }

    [Theory]
    [InlineData("")]
    [InlineData("queue item")]
    [InlineData("queue/item")]
    [InlineData("..\\up")]
    public async Task GetAsync_InvalidKey_ThrowsArgumentException(string key)
    {
        var sut = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(async () => await sut.GetAsync(key, Ct));
    }

    // ---- counters ------------------------------------------------------------------------

    [Fact]
    public async Task IncrementAsync_UpToLimit_AppliesThenRefuses()
    {
        var sut = CreateStore();

        Assert.Equal(new CounterResult(true, 3), await sut.IncrementAsync("cap:daily:2026-01-05", 3, 5, cancellationToken: Ct));
        Assert.Equal(new CounterResult(true, 5), await sut.IncrementAsync("cap:daily:2026-01-05", 2, 5, cancellationToken: Ct));
        Assert.Equal(new CounterResult(false, 5), await sut.IncrementAsync("cap:daily:2026-01-05", 1, 5, cancellationToken: Ct));
        Assert.Equal(5, await sut.GetCounterAsync("cap:daily:2026-01-05", Ct));
    }

    [Fact]
    public async Task IncrementAsync_BeyondLimitInOneStep_RefusesWithoutPartialApply()
    {
        var sut = CreateStore();
        await sut.IncrementAsync("cap:c", 4, 10, cancellationToken: Ct);

        Assert.Equal(new CounterResult(false, 4), await sut.IncrementAsync("cap:c", 7, 10, cancellationToken: Ct));
        Assert.Equal(4, await sut.GetCounterAsync("cap:c", Ct));
    }

    [Fact]
    public async Task IncrementAsync_NegativeDelta_ReleasesButNeverBelowZero()
    {
        var sut = CreateStore();
        await sut.IncrementAsync("cap:c", 2, 2, cancellationToken: Ct);

        Assert.Equal(new CounterResult(true, 1), await sut.IncrementAsync("cap:c", -1, 2, cancellationToken: Ct));
        Assert.Equal(new CounterResult(true, 2), await sut.IncrementAsync("cap:c", 1, 2, cancellationToken: Ct));
        Assert.Equal(new CounterResult(false, 2), await sut.IncrementAsync("cap:c", -3, 2, cancellationToken: Ct));
        Assert.Equal(new CounterResult(true, 0), await sut.IncrementAsync("cap:c", -2, 2, cancellationToken: Ct));
        Assert.Equal(new CounterResult(false, 0), await sut.IncrementAsync("cap:absent", -1, 2, cancellationToken: Ct));
    }

    [Fact]
    public async Task IncrementAsync_ReleaseAfterLimitLowered_StillApplies()
    {
        var sut = CreateStore();
        await sut.IncrementAsync("cap:c", 8, 10, cancellationToken: Ct);

        Assert.Equal(new CounterResult(true, 7), await sut.IncrementAsync("cap:c", -1, 5, cancellationToken: Ct));
        Assert.Equal(new CounterResult(false, 7), await sut.IncrementAsync("cap:c", 1, 5, cancellationToken: Ct));
    }

    [Fact]
    public async Task IncrementAsync_WindowExpired_StartsNewWindowWithNewExpiry()
    {
        var sut = CreateStore();
        var endOfDay = Time.GetUtcNow().AddHours(15);
        await sut.IncrementAsync("cap:daily", 3, 3, endOfDay, Ct);

        // A later call's expiry does not extend the window.
        Assert.Equal(new CounterResult(false, 3), await sut.IncrementAsync("cap:daily", 1, 3, endOfDay.AddDays(5), Ct));
        await sut.IncrementAsync("cap:daily", -1, 3, endOfDay.AddDays(5), Ct);
        Time.SetUtcNow(endOfDay);

        Assert.Equal(0, await sut.GetCounterAsync("cap:daily", Ct));
        Assert.Equal(new CounterResult(true, 1), await sut.IncrementAsync("cap:daily", 1, 3, endOfDay.AddDays(1), Ct));
        Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(1, await sut.GetCounterAsync("cap:daily", Ct));
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await sut.GetCounterAsync("cap:daily", Ct));
    }

    [Fact]
    public async Task GetCounterAsync_Absent_ReturnsZero()
    {
        var sut = CreateStore();

        Assert.Equal(0, await sut.GetCounterAsync("cap:none", Ct));
    }

    [Fact]
    public async Task IncrementAsync_SameKeyAsRecord_IsSeparateNamespace()
    {
        var sut = CreateStore();
        await sut.PutAsync("shared:k", Json("\"record\""), cancellationToken: Ct);

        await sut.IncrementAsync("shared:k", 2, 10, cancellationToken: Ct);

        Assert.Equal("\"record\"", Text((await sut.GetAsync("shared:k", Ct))!.Value));
        Assert.Equal(2, await sut.GetCounterAsync("shared:k", Ct));
    }

    [Fact]
    public async Task IncrementAsync_NegativeLimit_Throws()
    {
        var sut = CreateStore();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await sut.IncrementAsync("cap:c", 1, -1, cancellationToken: Ct));
    }

    // ---- sorted index --------------------------------------------------------------------

    [Fact]
    public async Task IndexRangeAsync_Members_LowestScoreFirstTiesByMemberOrdinal()
    {
        var sut = CreateStore();
        await sut.IndexAddAsync("queue:pending", "c", 20, Ct);
        await sut.IndexAddAsync("queue:pending", "b", 10, Ct);
        await sut.IndexAddAsync("queue:pending", "a", 10, Ct);
        await sut.IndexAddAsync("queue:pending", "B", 10, Ct);
        await sut.IndexAddAsync("queue:pending", "d", 5, Ct);

        var all = await sut.IndexRangeAsync("queue:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);

        Assert.Equal(
            [new IndexEntry("d", 5), new IndexEntry("B", 10), new IndexEntry("a", 10), new IndexEntry("b", 10), new IndexEntry("c", 20)],
            all);
    }

    [Fact]
    public async Task IndexRangeAsync_BoundsAndLimit_AreInclusiveAndCapped()
    {
        var sut = CreateStore();
        for (var i = 1; i <= 6; i++)
        {
            await sut.IndexAddAsync("cadence:due", $"m{i}", i * 100, Ct);
        }

        var range = await sut.IndexRangeAsync("cadence:due", 200, 500, cancellationToken: Ct);
        var limited = await sut.IndexRangeAsync("cadence:due", 200, 500, 2, Ct);

        Assert.Equal(["m2", "m3", "m4", "m5"], range.Select(e => e.Member));
        Assert.Equal(["m2", "m3"], limited.Select(e => e.Member));
        Assert.Empty(await sut.IndexRangeAsync("cadence:due", 200, 500, 0, Ct));
        Assert.Empty(await sut.IndexRangeAsync("cadence:due", 501, 599, cancellationToken: Ct));
        Assert.Empty(await sut.IndexRangeAsync("cadence:none", 0, 1000, cancellationToken: Ct));
    }

    [Fact]
    public async Task IndexAddAsync_ExistingMember_Rescores()
    {
        var sut = CreateStore();
        await sut.IndexAddAsync("queue:pending", "x", 1, Ct);
        await sut.IndexAddAsync("queue:pending", "y", 2, Ct);

        await sut.IndexAddAsync("queue:pending", "x", 3, Ct);

        Assert.Equal([new IndexEntry("y", 2), new IndexEntry("x", 3)], await sut.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
    }

    [Fact]
    public async Task IndexRemoveAsync_PresentAndAbsent_ReportsWhetherRemoved()
    {
        var sut = CreateStore();
        await sut.IndexAddAsync("queue:pending", "x", 1, Ct);
        await sut.IndexAddAsync("queue:pending", "y", 2, Ct);

        Assert.True(await sut.IndexRemoveAsync("queue:pending", "x", Ct));
        Assert.False(await sut.IndexRemoveAsync("queue:pending", "x", Ct));
        Assert.False(await sut.IndexRemoveAsync("queue:none", "x", Ct));
        Assert.Equal([new IndexEntry("y", 2)], await sut.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));

        Assert.True(await sut.IndexRemoveAsync("queue:pending", "y", Ct));
        Assert.Empty(await sut.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
    }

    [Fact]
    public async Task IndexAddAsync_NaNScore_Throws()
    {
        var sut = CreateStore();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await sut.IndexAddAsync("queue:pending", "x", double.NaN, Ct));
    }

    // ---- append-only log -----------------------------------------------------------------

    [Fact]
    public async Task AppendAsync_Records_GetConsecutivePositionsAndReadBackInOrder()
    {
        var sut = CreateStore();

        Assert.Equal(0, await sut.AppendAsync("audit", Json("""{"n":0}"""), Ct));
        Assert.Equal(1, await sut.AppendAsync("audit", Json("""{"n":1}"""), Ct));
        Assert.Equal(2, await sut.AppendAsync("audit", Json("""{"n":2}"""), Ct));
        Assert.Equal(0, await sut.AppendAsync("feedback", Json("\"other log\""), Ct));

        var all = await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct));
        var tail = await Collect(sut.ReadLogAsync("audit", 1, Ct));

        Assert.Equal([0L, 1L, 2L], all.Select(r => r.Position));
        Assert.Equal(["""{"n":0}""", """{"n":1}""", """{"n":2}"""], all.Select(r => Text(r.Value)));
        Assert.Equal([1L, 2L], tail.Select(r => r.Position));
        Assert.Empty(await Collect(sut.ReadLogAsync("audit", 3, Ct)));
        Assert.Empty(await Collect(sut.ReadLogAsync("never-written", cancellationToken: Ct)));
    }

    [Fact]
    public async Task AppendAsync_RecordWithLineBreak_Throws()
    {
        var sut = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(async () => await sut.AppendAsync("audit", Json("{\n\"a\":1}"), Ct));
        Assert.Empty(await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct)));
    }

    // ---- leases --------------------------------------------------------------------------

    [Fact]
    public async Task TryAcquireLeaseAsync_WhileHeld_ReturnsNull()
    {
        var sut = CreateStore();

        var lease = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);

        Assert.NotNull(lease);
        Assert.Equal(1, lease.FencingToken);
        Assert.Equal(Time.GetUtcNow().AddSeconds(30), lease.ExpiresAt);
        Assert.Null(await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct));
        Assert.NotNull(await sut.TryAcquireLeaseAsync("other", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_AfterExpiry_TakesOverWithLargerFencingToken()
    {
        var sut = CreateStore();
        var first = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);
        Time.Advance(TimeSpan.FromSeconds(30));

        var second = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);

        Assert.NotNull(second);
        Assert.True(second.FencingToken > first!.FencingToken);
        Assert.NotEqual(first.Token, second.Token);
        Assert.False(await sut.ReleaseLeaseAsync(first, Ct));
        Assert.False(await sut.RenewLeaseAsync(first, TimeSpan.FromMinutes(1), Ct));
        Assert.Null(await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task ReleaseLeaseAsync_ByNonOwner_IsRefused()
    {
        var sut = CreateStore();
        var lease = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);
        var forged = lease! with { Token = "not-the-owner" };

        Assert.False(await sut.ReleaseLeaseAsync(forged, Ct));
        Assert.Null(await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct));
    }

    [Fact]
    public async Task ReleaseLeaseAsync_ByOwner_FreesLockAndFencingTokenKeepsGrowing()
    {
        var sut = CreateStore();
        var first = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);

        Assert.True(await sut.ReleaseLeaseAsync(first!, Ct));
        Assert.False(await sut.ReleaseLeaseAsync(first!, Ct));

        var second = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);
        Assert.NotNull(second);
        Assert.Equal(first!.FencingToken + 1, second.FencingToken);
    }

    [Fact]
    public async Task RenewLeaseAsync_ByOwnerBeforeExpiry_ExtendsLease()
    {
        var sut = CreateStore();
        var lease = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.True(await sut.RenewLeaseAsync(lease!, TimeSpan.FromSeconds(30), Ct));
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Null(await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct));
        Assert.True(await sut.ReleaseLeaseAsync(lease!, Ct));
    }

    [Fact]
    public async Task RenewLeaseAsync_AfterExpiry_IsRefused()
    {
        var sut = CreateStore();
        var lease = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct);
        Time.Advance(TimeSpan.FromSeconds(31));

        Assert.False(await sut.RenewLeaseAsync(lease!, TimeSpan.FromSeconds(30), Ct));
        Assert.NotNull(await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromSeconds(30), Ct));
    }

    // ---- concurrency ---------------------------------------------------------------------

    [Fact]
    public async Task IncrementAsync_ConcurrentTasks_NeverExceedLimit()
    {
        var sut = CreateStore();
        const int Tasks = 16, PerTask = 200, Limit = 1000;

        var applied = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(
            async () =>
            {
                var count = 0;
                for (var i = 0; i < PerTask; i++)
                {
                    if ((await sut.IncrementAsync("cap:race", 1, Limit, cancellationToken: Ct)).Applied)
                    {
                        count++;
                    }
                }

                return count;
            },
            Ct)));

        Assert.Equal(Limit, applied.Sum());
        Assert.Equal(Limit, await sut.GetCounterAsync("cap:race", Ct));
    }

    [Fact]
    public async Task TryInsertAsync_ConcurrentTasksOnOneKey_ExactlyOneWins()
    {
        var sut = CreateStore();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(
            async () => await sut.TryInsertAsync("dedup:race", Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken: Ct),
            Ct)));

        Assert.Single(results, won => won);
        var winner = Array.IndexOf(results, true);
        Assert.Equal(winner.ToString(System.Globalization.CultureInfo.InvariantCulture), Text((await sut.GetAsync("dedup:race", Ct))!.Value));
    }

    [Fact]
    public async Task CompareAndSetAsync_ConcurrentRetryLoops_CountExactly()
    {
        var sut = CreateStore();
        const int Tasks = 8, PerTask = 25;

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(
            async () =>
            {
                for (var i = 0; i < PerTask; i++)
                {
                    while (true)
                    {
                        var current = await sut.GetAsync("counter:cas", Ct);
                        var next = current is null ? 1 : int.Parse(Text(current.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                        var written = await sut.CompareAndSetAsync(
                            "counter:cas", Json(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), current?.Version ?? 0, cancellationToken: Ct);
                        if (written is not null)
                        {
                            break;
                        }
                    }
                }
            },
            Ct)));

        var entry = await sut.GetAsync("counter:cas", Ct);
        Assert.Equal((Tasks * PerTask).ToString(System.Globalization.CultureInfo.InvariantCulture), Text(entry!.Value));
        Assert.Equal(Tasks * PerTask, entry.Version);
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_ConcurrentTasks_ExactlyOneHolder()
    {
        var sut = CreateStore();

        var leases = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(
            async () => await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct),
            Ct)));

        Assert.Single(leases, lease => lease is not null);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentTasks_PositionsAreUniqueAndDense()
    {
        var sut = CreateStore();
        const int Tasks = 8, PerTask = 25;

        var positions = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(
            async () =>
            {
                List<long> mine = [];
                for (var i = 0; i < PerTask; i++)
                {
                    mine.Add(await sut.AppendAsync("audit", Json($"{{\"t\":{t},\"i\":{i}}}"), Ct));
                }

                return mine;
            },
            Ct)));

        var all = positions.SelectMany(p => p).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Tasks * PerTask).Select(i => (long)i), all);
        var read = await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct));
        Assert.Equal(all, read.Select(r => r.Position));
    }

    // ---- multi-key commit ----------------------------------------------------------------

    [Fact]
    public async Task CommitAsync_ConditionsHold_AppliesEveryWriteAndReportsVersions()
    {
        var sut = CreateStore();
        await sut.PutAsync("queue:item:1", Json("""{"v":1}"""), cancellationToken: Ct);
        await sut.PutAsync("queue:old:1", Json("{}"), cancellationToken: Ct);
        await sut.IndexAddAsync("queue:status:approved", "1", 9, Ct);

        var result = await sut.CommitAsync(
            new StateTransaction()
                .RequireVersion("queue:item:1", 1)
                .Put("queue:item:1", Json("""{"v":2}"""))
                .RequireVersion("queue:dedup:x", 0)
                .Put("queue:dedup:x", Json("\"1\""))
                .Delete("queue:old:1")
                .IndexRemove("queue:status:approved", "1")
                .IndexAdd("queue:status:rejected", "1", 5),
            Ct);

        Assert.True(result.Committed);
        Assert.Null(result.FailedCondition);
        Assert.Equal(2, result.VersionOf("queue:item:1"));
        Assert.Equal(1, result.VersionOf("queue:dedup:x"));
        Assert.Equal(2, result.Versions.Count);
        Assert.Equal("""{"v":2}""", Text((await sut.GetAsync("queue:item:1", Ct))!.Value));
        Assert.Equal(2, (await sut.GetAsync("queue:item:1", Ct))!.Version);
        Assert.Equal(1, (await sut.GetAsync("queue:dedup:x", Ct))!.Version);
        Assert.Null(await sut.GetAsync("queue:old:1", Ct));
        Assert.Empty(await sut.IndexRangeAsync("queue:status:approved", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
        Assert.Equal([new IndexEntry("1", 5)], await sut.IndexRangeAsync("queue:status:rejected", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
    }

    [Fact]
    public async Task CommitAsync_AnyConditionFails_ChangesNothingAndNamesTheFirstFailure()
    {
        var sut = CreateStore();
        await sut.PutAsync("queue:item:1", Json("""{"v":1}"""), cancellationToken: Ct);
        await sut.PutAsync("queue:item:1", Json("""{"v":2}"""), cancellationToken: Ct);
        await sut.IndexAddAsync("queue:status:pending", "1", 1, Ct);

        var result = await sut.CommitAsync(
            new StateTransaction()
                .RequireVersion("queue:dedup:x", 0)
                .RequireVersion("queue:item:1", 1)
                .RequireExists("queue:item:missing")
                .Put("queue:dedup:x", Json("{}"))
                .Put("queue:item:1", Json("""{"v":3}"""))
                .IndexRemove("queue:status:pending", "1")
                .IndexAdd("queue:status:approved", "1", 1),
            Ct);

        Assert.False(result.Committed);
        Assert.Equal(new StateCondition("queue:item:1", 1), result.FailedCondition);
        Assert.Equal(2, result.CurrentVersion);
        Assert.Empty(result.Versions);
        Assert.Null(await sut.GetAsync("queue:dedup:x", Ct));
        Assert.Equal("""{"v":2}""", Text((await sut.GetAsync("queue:item:1", Ct))!.Value));
        Assert.Equal([new IndexEntry("1", 1)], await sut.IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
        Assert.Empty(await sut.IndexRangeAsync("queue:status:approved", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
    }

    [Fact]
    public async Task CommitAsync_RequireExists_HoldsForAnyLiveVersionOnly()
    {
        var sut = CreateStore();
        await sut.PutAsync("batch:B1", Json("{}"), Time.GetUtcNow().AddMinutes(1), Ct);

        var live = await sut.CommitAsync(new StateTransaction().RequireExists("batch:B1").Put("batch:item:1", Json("\"B1\"")), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        var expired = await sut.CommitAsync(new StateTransaction().RequireExists("batch:B1").Put("batch:item:2", Json("\"B1\"")), Ct);

        Assert.True(live.Committed);
        Assert.False(expired.Committed);
        Assert.Equal(new StateCondition("batch:B1", null), expired.FailedCondition);
        Assert.Equal(0, expired.CurrentVersion);
        Assert.Null(await sut.GetAsync("batch:item:2", Ct));
    }

    [Fact]
    public async Task CommitAsync_ExpiredRecord_CountsAsAbsentAndRestartsAtVersionOne()
    {
        var sut = CreateStore();
        await sut.PutAsync("queue:dedup:x", Json("1"), Time.GetUtcNow().AddSeconds(10), Ct);
        await sut.PutAsync("queue:dedup:x", Json("2"), Time.GetUtcNow().AddSeconds(10), Ct);
        Time.Advance(TimeSpan.FromSeconds(10));

        var result = await sut.CommitAsync(
            new StateTransaction().RequireVersion("queue:dedup:x", 0).Put("queue:dedup:x", Json("3"), Time.GetUtcNow().AddSeconds(5)).IndexAdd("queue:idx", "x", 1),
            Ct);

        Assert.True(result.Committed);
        Assert.Equal(1, result.VersionOf("queue:dedup:x"));
        var entry = await sut.GetAsync("queue:dedup:x", Ct);
        Assert.Equal(Time.GetUtcNow().AddSeconds(5), entry!.ExpiresAt);
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await sut.GetAsync("queue:dedup:x", Ct));
    }

    [Fact]
    public async Task CommitAsync_EmptyTransaction_CommitsNothing()
    {
        var sut = CreateStore();

        var result = await sut.CommitAsync(new StateTransaction(), Ct);

        Assert.True(result.Committed);
        Assert.Empty(result.Versions);
    }

    [Fact]
    public async Task CommitAsync_InfiniteScores_RoundTrip()
    {
        var sut = CreateStore();

        await sut.CommitAsync(
            new StateTransaction().IndexAdd("ledger:open", "a", double.PositiveInfinity).IndexAdd("ledger:open", "b", double.NegativeInfinity).Put("ledger:x", Json("{}")),
            Ct);

        Assert.Equal(
            [new IndexEntry("b", double.NegativeInfinity), new IndexEntry("a", double.PositiveInfinity)],
            await CreateStore().IndexRangeAsync("ledger:open", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
    }

    [Fact]
    public void StateTransaction_SameKeyTwice_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new StateTransaction().Put("a:1", Json("1")).Put("a:1", Json("2")));
        Assert.Throws<ArgumentException>(() => new StateTransaction().Put("a:1", Json("1")).Delete("a:1"));
        Assert.Throws<ArgumentException>(() => new StateTransaction().RequireVersion("a:1", 0).RequireExists("a:1"));
        Assert.Throws<ArgumentException>(() => new StateTransaction().IndexAdd("a:i", "m", 1).IndexRemove("a:i", "m"));

        // A condition and a write on the same key is a compare-and-set; the same member in two indexes is two changes.
        _ = new StateTransaction().RequireVersion("a:1", 3).Put("a:1", Json("1")).IndexAdd("a:i", "m", 1).IndexRemove("a:j", "m");
    }

    [Fact]
    public void StateTransaction_InvalidArguments_AreRefusedLikeSingleKeyCalls()
    {
        Assert.Throws<ArgumentException>(() => new StateTransaction().Put("bad key", Json("{}")));
        Assert.Throws<ArgumentException>(() => new StateTransaction().Put("a:1", Json("{not json")));
        Assert.Throws<ArgumentException>(() => new StateTransaction().Delete(""));
        Assert.Throws<ArgumentException>(() => new StateTransaction().RequireExists("a b"));
        Assert.Throws<ArgumentException>(() => new StateTransaction().IndexAdd("a/i", "m", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StateTransaction().IndexAdd("a:i", "m", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StateTransaction().RequireVersion("a:1", -1));
        Assert.Throws<ArgumentNullException>(() => new StateTransaction().IndexRemove("a:i", null!));
    }

    [Fact]
    public async Task CommitAsync_NullTransaction_Throws()
    {
        var sut = CreateStore();

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await sut.CommitAsync(null!, Ct));
    }

    [Fact]
    public async Task CommitAsync_ConcurrentCommitsOnOverlappingKeys_NeverBothWin()
    {
        var sut = CreateStore();
        const int Rounds = 20, Racers = 4;

        for (var round = 0; round < Rounds; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, Racers).Select(racer => Task.Run(
                async () => await CreateStore().CommitAsync(
                    new StateTransaction()
                        .RequireVersion($"queue:dedup:{round}", 0)
                        .Put($"queue:dedup:{round}", Json($"{racer}"))
                        .Put($"queue:item:{round}-{racer}", Json($"{racer}"))
                        .IndexAdd("queue:status:pending", $"{round}-{racer}", round),
                    Ct),
                Ct)));

            var winner = Assert.Single(results, r => r.Committed);
            var winnerId = Array.IndexOf(results, winner);
            Assert.Equal($"{winnerId}", Text((await sut.GetAsync($"queue:dedup:{round}", Ct))!.Value));
            for (var racer = 0; racer < Racers; racer++)
            {
                Assert.Equal(racer == winnerId, await sut.GetAsync($"queue:item:{round}-{racer}", Ct) is not null);
            }
        }

        var pending = await sut.IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
        Assert.Equal(Rounds, pending.Count);
    }

    [Fact]
    public async Task CommitAsync_InterleavedWithSingleKeyCalls_StaysConsistent()
    {
        // Every commit moves one token between two records and moves its index member, guarded by
        // both versions; single-key compare-and-set writers bump the same records concurrently.
        var sut = CreateStore();
        await sut.PutAsync("acct:a", Json("100"), cancellationToken: Ct);
        await sut.PutAsync("acct:b", Json("0"), cancellationToken: Ct);
        const int Movers = 3, Moves = 15, Bumpers = 2;
        var committed = 0;

        var movers = Enumerable.Range(0, Movers).Select(m => Task.Run(
            async () =>
            {
                var store = CreateStore();
                for (var i = 0; i < Moves; i++)
                {
                    while (true)
                    {
                        var a = (await store.GetAsync("acct:a", Ct))!;
                        var b = (await store.GetAsync("acct:b", Ct))!;
                        var member = $"{m}-{i}";
                        var result = await store.CommitAsync(
                            new StateTransaction()
                                .RequireVersion("acct:a", a.Version)
                                .RequireVersion("acct:b", b.Version)
                                .Put("acct:a", Json($"{int.Parse(Text(a.Value), CultureInfo.InvariantCulture) - 1}"))
                                .Put("acct:b", Json($"{int.Parse(Text(b.Value), CultureInfo.InvariantCulture) + 1}"))
                                .IndexAdd("acct:moved", member, i),
                            Ct);
                        if (result.Committed)
                        {
                            Interlocked.Increment(ref committed);
                            break;
                        }
                    }
                }
            },
            Ct));
        var bumpers = Enumerable.Range(0, Bumpers).Select(_ => Task.Run(
            async () =>
            {
                var store = CreateStore();
                for (var i = 0; i < Moves; i++)
                {
                    var key = i % 2 == 0 ? "acct:a" : "acct:b";
                    while (true)
                    {
                        var entry = (await store.GetAsync(key, Ct))!;
                        if (await store.CompareAndSetAsync(key, entry.Value, entry.Version, cancellationToken: Ct) is not null)
                        {
                            break;
                        }
                    }
                }
            },
            Ct));
        await Task.WhenAll(movers.Concat(bumpers));

        Assert.Equal(Movers * Moves, committed);
        var finalA = int.Parse(Text((await sut.GetAsync("acct:a", Ct))!.Value), CultureInfo.InvariantCulture);
        var finalB = int.Parse(Text((await sut.GetAsync("acct:b", Ct))!.Value), CultureInfo.InvariantCulture);
        Assert.Equal(100 - (Movers * Moves), finalA);
        Assert.Equal(Movers * Moves, finalB);
        Assert.Equal(Movers * Moves, (await sut.IndexRangeAsync("acct:moved", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task CommitAsync_ConcurrentReader_NeverSeesHalfACommit()
    {
        // Each commit writes the record, then (in the same commit) the index score, both to i. A reader
        // that reads the record first and the index second must never find the index behind the record.
        var writer = CreateStore();
        var reader = CreateStore();
        await writer.CommitAsync(new StateTransaction().Put("half:r", Json("0")).IndexAdd("half:i", "m", 0).Put("half:s", Json("0")), Ct);
        const int Commits = 60;
        using var done = new CancellationTokenSource();
        var readerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writing = Task.Run(
            async () =>
            {
                // Start writing only once the reader is reading, so the two always overlap.
                await readerStarted.Task.WaitAsync(Ct);
                for (var i = 1; i <= Commits; i++)
                {
                    await writer.CommitAsync(new StateTransaction().Put("half:r", Json($"{i}")).IndexAdd("half:i", "m", i).Put("half:s", Json($"{i}")), Ct);
                }

                await done.CancelAsync();
            },
            Ct);
        do
        {
            var record = int.Parse(Text((await reader.GetAsync("half:r", Ct))!.Value), CultureInfo.InvariantCulture);
            var score = (await reader.IndexRangeAsync("half:i", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct)).Single().Score;
            var second = int.Parse(Text((await reader.GetAsync("half:s", Ct))!.Value), CultureInfo.InvariantCulture);
            Assert.True(score >= record && second >= record, $"record {record}, index {score}, second record {second}");
            readerStarted.TrySetResult();
        }
        while (!done.IsCancellationRequested);

        await writing;
    }
}
