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
}
