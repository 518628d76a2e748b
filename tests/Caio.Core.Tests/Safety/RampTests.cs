using Caio.Leads;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class RampTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SafetyHarness Ramping(Action<SafetyOptions>? more = null) => new(o =>
    {
        o.Ramp.Enabled = true;
        o.Ramp.DailyLimit = 5;
        o.Ramp.CleanDaysRequired = 3;
        o.Ramp.LookbackDays = 7;
        more?.Invoke(o);
    });

    [Fact]
    public async Task EvaluateAsync_RampingTier2_DeniesRampTierRestricted()
    {
        var harness = Ramping();
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(tier: Tier.Tier2), Ct);

        Assert.True(result.Decision.IsDenied);
        Assert.Equal(ReasonCodes.RampTierRestricted, result.Decision.Refusal?.Code);
        Assert.Equal("ramp", result.DecidedBy);
    }

    [Fact]
    public async Task EvaluateAsync_RampingBeyondDailyLimit_DefersToNextDay()
    {
        var harness = Ramping();
        var sut = harness.Chain();
        for (var i = 0; i < 5; i++)
        {
            var allowed = await sut.EvaluateAsync(harness.Send($"lead{i}@acme.com"), Ct);
            Assert.True(allowed.IsAllowed);
            await allowed.CommitAsync(Ct);
        }

        var sixth = await sut.EvaluateAsync(harness.Send("lead5@acme.com"), Ct);

        Assert.True(sixth.Decision.IsDeferred);
        Assert.Equal(ReasonCodes.RampDailyLimit, sixth.Decision.Refusal?.Code);
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.Zero), sixth.Decision.DeferUntil);
    }

    [Fact]
    public async Task EvaluateAsync_AllowedTiersConfigured_UsesThem()
    {
        var harness = Ramping(o => o.Ramp.AllowedTiers.Add("tier_2"));
        var sut = harness.Chain();

        Assert.True((await sut.EvaluateAsync(harness.Send(tier: Tier.Tier2), Ct)).IsAllowed);
        Assert.Equal(ReasonCodes.RampTierRestricted, (await sut.EvaluateAsync(harness.Send(tier: Tier.Tier1), Ct)).Decision.Refusal?.Code);
    }

    [Fact]
    public async Task GetProgressAsync_CleanDaysWithinLookback_Graduates()
    {
        var harness = Ramping();
        for (var day = 0; day < 3; day++)
        {
            await harness.Ramp.RecordSentAsync(2, Ct);
            harness.Time.Advance(TimeSpan.FromDays(1));
        }

        var progress = await harness.Ramp.GetProgressAsync(Ct);
        var result = await harness.Chain().EvaluateAsync(harness.Send(tier: Tier.Tier3), Ct);

        Assert.True(progress.Graduated);
        Assert.Equal(3, progress.CleanDays);
        Assert.Equal(3, progress.CleanDaysRequired);
        Assert.True(result.IsAllowed);
    }

    [Fact]
    public async Task GetProgressAsync_TodayStillRunning_NotCountedYet()
    {
        var harness = Ramping();
        for (var day = 0; day < 2; day++)
        {
            await harness.Ramp.RecordSentAsync(1, Ct);
            harness.Time.Advance(TimeSpan.FromDays(1));
        }

        await harness.Ramp.RecordSentAsync(1, Ct);
        var progress = await harness.Ramp.GetProgressAsync(Ct);

        Assert.Equal(2, progress.CleanDays);
        Assert.False(progress.Graduated);
        Assert.Equal(1, progress.SentToday);
    }

    [Fact]
    public async Task GetProgressAsync_DaysWithErrorsOrWithoutSends_NotClean()
    {
        var harness = Ramping();
        await harness.Ramp.RecordLiveDayAsync(3, 0, Ct);
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.Ramp.RecordLiveDayAsync(3, 1, Ct);
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.Ramp.RecordErrorAsync(1, Ct);
        harness.Time.Advance(TimeSpan.FromDays(1));
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.Ramp.RecordSentAsync(1, Ct);
        harness.Time.Advance(TimeSpan.FromDays(1));

        var progress = await harness.Ramp.GetProgressAsync(Ct);
        var result = await harness.Chain().EvaluateAsync(harness.Send(tier: Tier.Tier2), Ct);

        Assert.Equal(2, progress.CleanDays);
        Assert.False(progress.Graduated);
        Assert.Equal(ReasonCodes.RampTierRestricted, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task GetProgressAsync_CleanDaysOlderThanLookback_NotCounted()
    {
        var harness = Ramping();
        for (var day = 0; day < 3; day++)
        {
            await harness.Ramp.RecordSentAsync(1, Ct);
            harness.Time.Advance(TimeSpan.FromDays(1));
        }

        harness.Time.Advance(TimeSpan.FromDays(6));
        var progress = await harness.Ramp.GetProgressAsync(Ct);

        Assert.Equal(1, progress.CleanDays);
        Assert.False(progress.Graduated);
    }

    [Fact]
    public async Task EvaluateAsync_RampDisabled_AnyTierAllowed()
    {
        var harness = new SafetyHarness(o => o.Ramp.Enabled = false);
        var sut = harness.Chain();

        Assert.True((await sut.EvaluateAsync(harness.Send(tier: Tier.Tier3), Ct)).IsAllowed);
        Assert.True((await harness.Ramp.GetProgressAsync(Ct)).Graduated);
    }

    [Fact]
    public async Task EvaluateAsync_RampSlotLaterRefused_SlotReleased()
    {
        var harness = Ramping(o => o.Ramp.DailyLimit = 1);
        var sut = harness.Chain(b => b.AddGuard(GuardExtensionPoint.BeforeSend, new DenyingGuard()));

        var refused = await sut.EvaluateAsync(harness.Send(), Ct);
        var plain = harness.Chain();
        var allowed = await plain.EvaluateAsync(harness.Send("other@acme.com"), Ct);

        Assert.Equal("host_denied", refused.Decision.Refusal?.Code);
        Assert.True(allowed.IsAllowed);
    }

    private sealed class DenyingGuard : ISendGuard
    {
        public string Name => "host_check";

        public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default) =>
            new(GuardDecision.Deny("host_denied"));
    }
}
