using Caio.Safety;

namespace Caio.Core.Tests.Safety;

/// <summary>The ramp and cap slots of a send, taken together with one all-or-nothing group reservation.</summary>
public sealed class JointReservationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SafetyHarness Ramping(Action<SafetyOptions> configure) => new(o =>
    {
        o.Ramp.Enabled = true;
        o.Ramp.DailyLimit = 50;
        o.Ramp.CleanDaysRequired = 3;
        configure(o);
    });

    private static string RampKey => "ramp:daily:email:2026-01-05";

    [Fact]
    public async Task EvaluateAsync_CapFullWhileRamping_RefusedByTheCapAndTheRampSlotIsNotTaken()
    {
        var harness = Ramping(o => o.Caps.PerDomainPerHour = 1);
        var sut = harness.Chain();
        var first = await sut.EvaluateAsync(harness.Send("a@full.io"), Ct);
        await first.CommitAsync(Ct);

        var second = await sut.EvaluateAsync(harness.Send("b@full.io"), Ct);

        Assert.Equal("caps", second.DecidedBy);
        Assert.Equal(ReasonCodes.CapDomainHourly, second.Decision.Refusal?.Code);
        Assert.Equal(0, second.ReservationCount);
        Assert.Equal(1, await harness.Store.Inner.GetCounterAsync(RampKey, Ct));
    }

    [Fact]
    public async Task EvaluateAsync_RampFullAndCapFull_RefusedByTheRampFirst()
    {
        var harness = Ramping(o =>
        {
            o.Ramp.DailyLimit = 1;
            o.Caps.Hourly = 1;
        });
        var sut = harness.Chain();
        await (await sut.EvaluateAsync(harness.Send("a@one.io"), Ct)).CommitAsync(Ct);

        var second = await sut.EvaluateAsync(harness.Send("b@two.io"), Ct);

        Assert.Equal("ramp", second.DecidedBy);
        Assert.Equal(ReasonCodes.RampDailyLimit, second.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task EvaluateAsync_GapPendingAndAWindowFull_ReportsTheWindowAndHoldsNothing()
    {
        var harness = Ramping(o =>
        {
            o.Caps.Daily = 1;
            o.Caps.MinimumGap = TimeSpan.FromMinutes(2);
        });
        var sut = harness.Chain();
        await (await sut.EvaluateAsync(harness.Send("a@one.io", mailbox: "m1@sender.io"), Ct)).CommitAsync(Ct);

        var second = await sut.EvaluateAsync(harness.Send("b@two.io", mailbox: "m1@sender.io"), Ct);

        Assert.Equal(ReasonCodes.CapDaily, second.Decision.Refusal?.Code);
        Assert.Equal(1, await harness.Store.Inner.GetCounterAsync(RampKey, Ct));
        Assert.Equal(1, await harness.Store.Inner.GetCounterAsync("cap:email:daily:2026-01-05", Ct));
    }

    [Fact]
    public async Task EvaluateAsync_GapPendingOnly_DefersByTheGapAndHoldsNothing()
    {
        var harness = Ramping(o => o.Caps.MinimumGap = TimeSpan.FromMinutes(2));
        var sut = harness.Chain();
        await (await sut.EvaluateAsync(harness.Send("a@one.io", mailbox: "m1@sender.io"), Ct)).CommitAsync(Ct);

        var second = await sut.EvaluateAsync(harness.Send("b@two.io", mailbox: "m1@sender.io"), Ct);

        Assert.Equal(ReasonCodes.MinGap, second.Decision.Refusal?.Code);
        Assert.Equal(harness.Time.GetUtcNow().AddMinutes(2), second.Decision.DeferUntil);
        Assert.Equal(1, await harness.Store.Inner.GetCounterAsync(RampKey, Ct));
    }

    [Fact]
    public async Task EvaluateAsync_ReleasedAndCommitted_ReleaseGivesEverySlotBackAndCommitKeepsThem()
    {
        var harness = Ramping(o =>
        {
            o.Caps.Daily = 10;
            o.Caps.Hourly = 10;
            o.Caps.PerMailboxDaily = 10;
            o.Caps.MinimumGap = TimeSpan.FromSeconds(30);
        });
        var sut = harness.Chain();

        var released = await sut.EvaluateAsync(harness.Send("a@one.io", mailbox: "m1@sender.io"), Ct);
        await released.ReleaseAsync(Ct);
        Assert.Equal(0, await harness.Store.Inner.GetCounterAsync(RampKey, Ct));
        Assert.Equal(0, await harness.Store.Inner.GetCounterAsync("cap:email:daily:2026-01-05", Ct));
        Assert.Null(await harness.Store.Inner.GetAsync("cap:email:gap:m1@sender.io", Ct));

        var committed = await sut.EvaluateAsync(harness.Send("b@two.io", mailbox: "m1@sender.io"), Ct);
        await committed.CommitAsync(Ct);
        await committed.ReleaseAsync(Ct);
        Assert.Equal(1, await harness.Store.Inner.GetCounterAsync(RampKey, Ct));
        Assert.Equal(1, await harness.Store.Inner.GetCounterAsync("cap:email:mailbox-daily:m1@sender.io:2026-01-05", Ct));
        Assert.NotNull(await harness.Store.Inner.GetAsync("cap:email:gap:m1@sender.io", Ct));
    }

    [Fact]
    public async Task EvaluateAsync_ManyConcurrentSends_ExactlyTheLimitAllowedAndEveryCounterAgrees()
    {
        var harness = Ramping(o =>
        {
            o.Ramp.DailyLimit = 30;
            o.Caps.Hourly = 12;
            o.Caps.PerDomainPerHour = 4;
        });
        var sut = harness.Chain();
        string[] domains = ["a.io", "b.io", "c.io", "d.io", "e.io"];

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(n => Task.Run(
            async () => await sut.EvaluateAsync(harness.Send($"p{n}@{domains[n % domains.Length]}"), Ct),
            Ct)));

        var allowed = results.Count(r => r.IsAllowed);
        Assert.Equal(12, allowed);
        Assert.Equal(12, await harness.Store.Inner.GetCounterAsync(RampKey, Ct));
        Assert.Equal(12, await harness.Store.Inner.GetCounterAsync("cap:email:hourly:20260105T1000Z", Ct));
        var perDomain = 0L;
        foreach (var domain in domains)
        {
            var sent = await harness.Store.Inner.GetCounterAsync($"cap:email:domain-hourly:{domain}:20260105T1000Z", Ct);
            Assert.InRange(sent, 0, 4);
            perDomain += sent;
        }

        Assert.Equal(12, perDomain);

        Assert.All(results.Where(r => !r.IsAllowed), r => Assert.Contains(r.Decision.Refusal?.Code, new ReasonCode?[] { ReasonCodes.CapHourly, ReasonCodes.CapDomainHourly }));
    }
}
