using Caio.Leads;
using Caio.Safety;
using Caio.Safety.Internal;
using FsCheck;
using FsCheck.Fluent;

namespace Caio.Core.Tests.Safety;

public sealed class CapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<long> UsedAsync(SafetyHarness harness, string window, Channel channel = Channel.Email, string? mailbox = null, string? domain = null) =>
        (await harness.Caps.GetUsageAsync(channel, mailbox, domain, Ct)).Single(u => u.Window == window).Used;

    [Fact]
    public async Task EvaluateAsync_DailyCapFull_DefersUntilDayEnd()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 2);
        var sut = harness.Chain();

        var first = await sut.EvaluateAsync(harness.Send("a@one.com"), Ct);
        var second = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);
        var third = await sut.EvaluateAsync(harness.Send("c@three.com"), Ct);

        Assert.True(first.IsAllowed);
        Assert.True(second.IsAllowed);
        Assert.True(third.Decision.IsDeferred);
        Assert.Equal(ReasonCodes.CapDaily, third.Decision.Refusal?.Code);
        Assert.Equal("caps", third.DecidedBy);
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.Zero), third.Decision.DeferUntil);
    }

    [Fact]
    public async Task EvaluateAsync_CapsCountedPerChannel_LinkedInNotBlockedByEmail()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 1);
        var sut = harness.Chain();

        Assert.True((await sut.EvaluateAsync(harness.Send("a@one.com"), Ct)).IsAllowed);
        Assert.True((await sut.EvaluateAsync(harness.Send("b@two.com", channel: Channel.LinkedIn) with { RecipientKey = "linkedin:b" }, Ct)).IsAllowed);
        Assert.False((await sut.EvaluateAsync(harness.Send("c@three.com"), Ct)).IsAllowed);
    }

    [Theory]
    [InlineData(nameof(CapOptions.Monthly), ReasonCodes.CapMonthly, "2026-02-01T00:00:00Z")]
    [InlineData(nameof(CapOptions.Hourly), ReasonCodes.CapHourly, "2026-01-05T11:00:00Z")]
    [InlineData(nameof(CapOptions.PerMailboxDaily), ReasonCodes.CapMailboxDaily, "2026-01-06T00:00:00Z")]
    [InlineData(nameof(CapOptions.PerDomainPerHour), ReasonCodes.CapDomainHourly, "2026-01-05T11:00:00Z")]
    public async Task EvaluateAsync_WindowFull_DefersUntilWindowEnd(string cap, string reason, string until)
    {
        var harness = new SafetyHarness(o =>
        {
            switch (cap)
            {
                case nameof(CapOptions.Monthly): o.Caps.Monthly = 1; break;
                case nameof(CapOptions.Hourly): o.Caps.Hourly = 1; break;
                case nameof(CapOptions.PerMailboxDaily): o.Caps.PerMailboxDaily = 1; break;
                default: o.Caps.PerDomainPerHour = 1; break;
            }
        });
        var sut = harness.Chain();
        Assert.True((await sut.EvaluateAsync(harness.Send("a@acme.com", mailbox: "box1@us.com"), Ct)).IsAllowed);

        var result = await sut.EvaluateAsync(harness.Send("b@acme.com", mailbox: "box1@us.com"), Ct);

        Assert.True(result.Decision.IsDeferred);
        Assert.Equal(reason, result.Decision.Refusal?.Code);
        Assert.Equal(DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture), result.Decision.DeferUntil);
    }

    [Fact]
    public async Task EvaluateAsync_MailboxCap_OtherMailboxUnaffected()
    {
        var harness = new SafetyHarness(o => o.Caps.PerMailboxDaily = 1);
        var sut = harness.Chain();
        Assert.True((await sut.EvaluateAsync(harness.Send("a@one.com", mailbox: "box1"), Ct)).IsAllowed);

        Assert.Equal(ReasonCodes.CapMailboxDaily, (await sut.EvaluateAsync(harness.Send("b@two.com", mailbox: "box1"), Ct)).Decision.Refusal?.Code);
        Assert.True((await sut.EvaluateAsync(harness.Send("c@three.com", mailbox: "box2"), Ct)).IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_FourthRecipientAtDomainInBatch_DeniesCapDomainBatch()
    {
        var harness = new SafetyHarness(o => o.Caps.PerDomainPerBatch = 3);
        var sut = harness.Chain();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await sut.EvaluateAsync(harness.Send($"p{i}@Acme.com"), Ct)).IsAllowed);
        }

        var fourth = await sut.EvaluateAsync(harness.Send("p3@acme.com"), Ct);
        var otherBatch = await sut.EvaluateAsync(harness.Send("p4@acme.com", batchId: "batch-2"), Ct);
        var otherDomain = await sut.EvaluateAsync(harness.Send("p5@beta.com"), Ct);

        Assert.True(fourth.Decision.IsDenied);
        Assert.Equal(ReasonCodes.CapDomainBatch, fourth.Decision.Refusal?.Code);
        Assert.True(otherBatch.IsAllowed);
        Assert.True(otherDomain.IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_MinimumGap_DefersUntilGapPassesPerMailbox()
    {
        var harness = new SafetyHarness(o => o.Caps.MinimumGap = TimeSpan.FromSeconds(45));
        var sut = harness.Chain();
        var first = await sut.EvaluateAsync(harness.Send("a@one.com", mailbox: "box1"), Ct);
        await first.CommitAsync(Ct);
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        var tooSoon = await sut.EvaluateAsync(harness.Send("b@two.com", mailbox: "box1"), Ct);
        var otherMailbox = await sut.EvaluateAsync(harness.Send("c@three.com", mailbox: "box2"), Ct);
        harness.Time.Advance(TimeSpan.FromSeconds(35));
        var afterGap = await sut.EvaluateAsync(harness.Send("b@two.com", mailbox: "box1"), Ct);

        Assert.True(first.IsAllowed);
        Assert.True(tooSoon.Decision.IsDeferred);
        Assert.Equal(ReasonCodes.MinGap, tooSoon.Decision.Refusal?.Code);
        Assert.Equal(SafetyHarness.Monday10Utc.AddSeconds(45), tooSoon.Decision.DeferUntil);
        Assert.True(otherMailbox.IsAllowed);
        Assert.True(afterGap.IsAllowed);
    }

    [Fact]
    public async Task ReleaseAsync_MinimumGapReservation_NextSendAllowedAtOnce()
    {
        var harness = new SafetyHarness(o => o.Caps.MinimumGap = TimeSpan.FromSeconds(45));
        var sut = harness.Chain();
        var first = await sut.EvaluateAsync(harness.Send("a@one.com"), Ct);

        await first.ReleaseAsync(Ct);
        var second = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);

        Assert.True(second.IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_SendWindowDefersAfterCapsReserved_CountersReturnToPreviousValue()
    {
        var saturday = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var harness = new SafetyHarness(
            o =>
            {
                o.Caps.Daily = 10;
                o.Caps.Hourly = 10;
                o.Caps.PerDomainPerHour = 3;
                o.Caps.PerMailboxDaily = 5;
                o.Caps.MinimumGap = TimeSpan.FromSeconds(45);
                o.SendWindow.Enabled = true;
            },
            saturday);
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send("a@acme.com", mailbox: "box1"), Ct);
        var next = await sut.EvaluateAsync(harness.Send("b@acme.com", mailbox: "box1"), Ct);

        Assert.Equal(ReasonCodes.OutsideSendWindow, result.Decision.Refusal?.Code);
        Assert.Equal(0, result.ReservationCount);
        Assert.Equal(0, await UsedAsync(harness, "daily"));
        Assert.Equal(0, await UsedAsync(harness, "hourly"));
        Assert.Equal(0, await UsedAsync(harness, "domain_hourly", domain: "acme.com"));
        Assert.Equal(0, await UsedAsync(harness, "mailbox_daily", mailbox: "box1"));
        Assert.Equal(ReasonCodes.OutsideSendWindow, next.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task ReleaseAsync_AllowedResult_CounterReturnsAndCommitKeepsIt()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 10);
        var sut = harness.Chain();

        var released = await sut.EvaluateAsync(harness.Send("a@one.com"), Ct);
        Assert.Equal(1, await UsedAsync(harness, "daily"));
        await released.ReleaseAsync(Ct);
        await released.ReleaseAsync(Ct);
        Assert.Equal(0, await UsedAsync(harness, "daily"));

        var committed = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);
        await committed.CommitAsync(Ct);
        await committed.ReleaseAsync(Ct);
        Assert.Equal(1, await UsedAsync(harness, "daily"));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await released.CommitAsync(Ct));
    }

    [Fact]
    public async Task EvaluateAsync_EightConcurrentWorkers_ExactlyDailyCapAllowed()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 50);
        var sut = harness.Chain();
        var allowed = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(
            async () =>
            {
                for (var i = 0; i < 40; i++)
                {
                    var result = await sut.EvaluateAsync(harness.Send($"w{worker}n{i}@d{worker}x{i}.com"), Ct);
                    if (result.IsAllowed)
                    {
                        Interlocked.Increment(ref allowed);
                        await result.CommitAsync(Ct);
                    }
                    else
                    {
                        Assert.Equal(ReasonCodes.CapDaily, result.Decision.Refusal?.Code);
                    }
                }
            },
            Ct)));

        Assert.Equal(50, allowed);
        Assert.Equal(50, await UsedAsync(harness, "daily"));
    }

    [Fact]
    public async Task EvaluateAsync_ConcurrentWorkersOnOneMailboxWithGap_OneAllowed()
    {
        var harness = new SafetyHarness(o => o.Caps.MinimumGap = TimeSpan.FromSeconds(45));
        var sut = harness.Chain();
        var allowed = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(
            async () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    var result = await sut.EvaluateAsync(harness.Send($"w{worker}n{i}@acme{worker}.com", mailbox: "box1"), Ct);
                    if (result.IsAllowed)
                    {
                        Interlocked.Increment(ref allowed);
                    }
                }
            },
            Ct)));

        Assert.Equal(1, allowed);
    }

    [Fact]
    public void CapCounter_RandomEvaluateCommitRelease_NeverExceedsLimitAndMatchesHeldSlots()
    {
        Prop.ForAll(
            Gen.Choose(0, 2).ListOf().Select(l => l.ToArray()).ToArbitrary(),
            Gen.Choose(0, 6).ToArbitrary(),
            (ops, limit) =>
            {
                var harness = new SafetyHarness(o => o.Caps.Daily = limit);
                var sut = harness.Chain();
                var open = new List<SafetyChainResult>();
                var committed = 0;
                var n = 0;
                foreach (var op in ops)
                {
                    if (op == 0)
                    {
                        var result = sut.EvaluateAsync(harness.Send($"r{n++}@x{n}.com")).AsTask().GetAwaiter().GetResult();
                        if (result.IsAllowed)
                        {
                            open.Add(result);
                        }
                    }
                    else if (open.Count > 0)
                    {
                        var result = open[^1];
                        open.RemoveAt(open.Count - 1);
                        if (op == 1)
                        {
                            result.CommitAsync().AsTask().GetAwaiter().GetResult();
                            committed++;
                        }
                        else
                        {
                            result.ReleaseAsync().AsTask().GetAwaiter().GetResult();
                        }
                    }
                }

                var used = harness.Caps.GetUsageAsync(Channel.Email).AsTask().GetAwaiter().GetResult().Single(u => u.Window == "daily").Used;
                return used == committed + open.Count && used <= limit;
            }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 29, 23)]
    [InlineData("Europe/Berlin", 2026, 10, 25, 25)]
    [InlineData("Europe/Berlin", 2026, 6, 1, 24)]
    [InlineData("America/New_York", 2026, 3, 8, 23)]
    [InlineData("America/New_York", 2026, 11, 1, 25)]
    public void CalendarWindows_DstChangeDays_HaveTheirRealLength(string zoneId, int year, int month, int day, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var noon = ZonedTime.ToInstant(new DateTime(year, month, day, 12, 0, 0), zone);

        var sut = CalendarWindows.For(noon, zone);

        Assert.Equal(new DateOnly(year, month, day), sut.Day);
        Assert.Equal(TimeSpan.FromHours(hours), sut.DayEnd - sut.DayStart);
    }

    [Theory]
    [InlineData("2026-03-29T10:00:00Z", "2026-03-29T22:00:00Z")]
    [InlineData("2026-10-25T10:00:00Z", "2026-10-25T23:00:00Z")]
    [InlineData("2026-10-24T22:30:00Z", "2026-10-25T23:00:00Z")]
    public async Task EvaluateAsync_BerlinDailyCapOnDstChangeDay_DefersToLocalMidnight(string now, string until)
    {
        var start = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var harness = new SafetyHarness(
            o =>
            {
                o.Caps.Daily = 1;
                o.Caps.TimeZone = "Europe/Berlin";
            },
            start);
        var sut = harness.Chain();
        Assert.True((await sut.EvaluateAsync(harness.Send("a@one.com"), Ct)).IsAllowed);

        var result = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);

        Assert.Equal(DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture), result.Decision.DeferUntil);
    }

    [Fact]
    public async Task EvaluateAsync_AcrossConfiguredMidnight_NewDayWindowStartsAtLocalMidnight()
    {
        var harness = new SafetyHarness(
            o =>
            {
                o.Caps.Daily = 1;
                o.Caps.TimeZone = "America/New_York";
            },
            new DateTimeOffset(2026, 3, 8, 4, 59, 0, TimeSpan.Zero));
        var sut = harness.Chain();
        Assert.True((await sut.EvaluateAsync(harness.Send("a@one.com"), Ct)).IsAllowed);
        var full = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var nextDay = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);
        var nextFull = await sut.EvaluateAsync(harness.Send("c@three.com"), Ct);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), full.Decision.DeferUntil);
        Assert.True(nextDay.IsAllowed);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), nextFull.Decision.DeferUntil);
    }

    [Fact]
    public async Task EvaluateAsync_RepeatedLocalHourOnFallBack_TwoSeparateHourlyWindows()
    {
        var harness = new SafetyHarness(
            o =>
            {
                o.Caps.Hourly = 1;
                o.Caps.TimeZone = "Europe/Berlin";
            },
            new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero));
        var sut = harness.Chain();
        Assert.True((await sut.EvaluateAsync(harness.Send("a@one.com"), Ct)).IsAllowed);
        var full = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);

        harness.Time.Advance(TimeSpan.FromHours(1));
        var repeatedHour = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), full.Decision.DeferUntil);
        Assert.True(repeatedHour.IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_BerlinMonthlyCap_DefersToLocalMonthStart()
    {
        var harness = new SafetyHarness(
            o =>
            {
                o.Caps.Monthly = 1;
                o.Caps.TimeZone = "Europe/Berlin";
            },
            new DateTimeOffset(2026, 10, 31, 22, 30, 0, TimeSpan.Zero));
        var sut = harness.Chain();
        Assert.True((await sut.EvaluateAsync(harness.Send("a@one.com"), Ct)).IsAllowed);

        var result = await sut.EvaluateAsync(harness.Send("b@two.com"), Ct);

        Assert.Equal(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), result.Decision.DeferUntil);
    }

    [Fact]
    public async Task GetUsageAsync_AfterSends_ReportsUsedLimitAndWindowEnd()
    {
        var harness = new SafetyHarness(o =>
        {
            o.Caps.Daily = 100;
            o.Caps.Monthly = 2000;
            o.Caps.Hourly = null;
        });
        var sut = harness.Chain();
        for (var i = 0; i < 3; i++)
        {
            await (await sut.EvaluateAsync(harness.Send($"a{i}@one{i}.com"), Ct)).CommitAsync(Ct);
        }

        var usage = await harness.Caps.GetUsageAsync(Channel.Email, cancellationToken: Ct);

        var daily = usage.Single(u => u.Window == "daily");
        Assert.Equal(3, daily.Used);
        Assert.Equal(100, daily.Limit);
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.Zero), daily.WindowEnd);
        Assert.Equal(3, usage.Single(u => u.Window == "monthly").Used);
        Assert.Null(usage.Single(u => u.Window == "hourly").Limit);
    }
}
