using Caio.Dispatch;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

public sealed class RefusalStatisticsTests
{
    [Fact]
    public async Task TodayAsync_CountsEveryReasonIncludingOnesThatNeedEncoding()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var sut = new RefusalStatistics(new InMemoryStateStore(time), time);
        var ct = TestContext.Current.CancellationToken;

        await sut.RecordAsync("cap_daily", ct);
        await sut.RecordAsync("cap_daily", ct);
        await sut.RecordAsync("host guard: quiet hours!", ct);

        var today = await sut.TodayAsync(ct);

        Assert.Equal(2, today.Count);
        Assert.Equal(new KeyValuePair<string, long>("cap_daily", 2), today[0]);
        Assert.Equal(1, today[1].Value);
    }

    [Fact]
    public async Task TodayAsync_NextDay_StartsFromZero()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var sut = new RefusalStatistics(new InMemoryStateStore(time), time);
        await sut.RecordAsync("min_gap", TestContext.Current.CancellationToken);

        time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await sut.TodayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RecordManyAsync_AddsEachReasonsCountToWhatWasCounted()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var sut = new RefusalStatistics(new InMemoryStateStore(time), time);
        var ct = TestContext.Current.CancellationToken;
        await sut.RecordAsync("ramp_daily_limit", ct);

        await sut.RecordManyAsync(new Dictionary<string, long> { ["ramp_daily_limit"] = 40, ["ramp_tier_restricted"] = 7 }, ct);

        Assert.Equal(
            [new("ramp_daily_limit", 41), new("ramp_tier_restricted", 7)],
            await sut.TodayAsync(ct));
    }
}
