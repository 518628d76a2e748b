using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class SendWindowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SafetyHarness Windowed(DateTimeOffset now, Action<SafetyOptions>? more = null) => new(
        o =>
        {
            o.SendWindow.Enabled = true;
            more?.Invoke(o);
        },
        now);

    [Theory]
    [InlineData("2026-01-09T23:00:00Z", "America/New_York", "2026-01-12T14:00:00Z")] // Friday 18:00 EST -> Monday 09:00 EST
    [InlineData("2026-01-10T15:00:00Z", "America/New_York", "2026-01-12T14:00:00Z")] // Saturday -> Monday
    [InlineData("2026-01-06T12:00:00Z", "America/New_York", "2026-01-06T14:00:00Z")] // Tuesday 07:00 EST -> same day 09:00
    [InlineData("2026-03-06T22:30:00Z", "America/New_York", "2026-03-09T13:00:00Z")] // Friday EST -> Monday 09:00 EDT (DST began Sunday)
    [InlineData("2026-01-05T10:00:00Z", "Asia/Tokyo", "2026-01-06T00:00:00Z")] // Monday 19:00 JST -> Tuesday 09:00 JST
    [InlineData("2026-10-23T16:00:00Z", "Europe/Berlin", "2026-10-26T08:00:00Z")] // Friday 18:00 CEST -> Monday 09:00 CET
    public async Task EvaluateAsync_OutsideRecipientBusinessHours_DefersToNextOpening(string now, string zone, string opening)
    {
        var harness = Windowed(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(timeZone: zone), Ct);

        Assert.True(result.Decision.IsDeferred);
        Assert.Equal(ReasonCodes.OutsideSendWindow, result.Decision.Refusal?.Code);
        Assert.Equal("send_window", result.DecidedBy);
        Assert.Equal(DateTimeOffset.Parse(opening, System.Globalization.CultureInfo.InvariantCulture), result.Decision.DeferUntil);
    }

    [Fact]
    public async Task EvaluateAsync_InsideRecipientBusinessHours_Allowed()
    {
        var harness = Windowed(new DateTimeOffset(2026, 1, 5, 15, 0, 0, TimeSpan.Zero));
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(timeZone: "America/New_York"), Ct);

        Assert.True(result.IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_ClosingTime_IsOutside()
    {
        var harness = Windowed(new DateTimeOffset(2026, 1, 5, 17, 0, 0, TimeSpan.Zero));
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(new DateTimeOffset(2026, 1, 6, 9, 0, 0, TimeSpan.Zero), result.Decision.DeferUntil);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Mars/Olympus_Mons")]
    public async Task EvaluateAsync_RecipientZoneUnknown_UsesDefaultZone(string? zone)
    {
        var harness = Windowed(new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero), o => o.SendWindow.DefaultTimeZone = "Europe/Berlin");
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(timeZone: zone), Ct);

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), result.Decision.DeferUntil);
    }

    [Fact]
    public async Task EvaluateAsync_CustomHoursAndDays_Respected()
    {
        var harness = Windowed(
            new DateTimeOffset(2026, 1, 9, 12, 0, 0, TimeSpan.Zero),
            o =>
            {
                o.SendWindow.Start = new TimeOnly(10, 30);
                o.SendWindow.End = new TimeOnly(11, 30);
                o.SendWindow.BusinessDays.Add(DayOfWeek.Sunday);
            });
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(new DateTimeOffset(2026, 1, 11, 10, 30, 0, TimeSpan.Zero), result.Decision.DeferUntil);
    }
}
