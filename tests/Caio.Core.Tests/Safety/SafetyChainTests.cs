using Caio.Leads;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class SafetyChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Build_WithHostGuards_FixedOrderWithExtensionPoints()
    {
        var harness = new SafetyHarness();

        var sut = harness.Chain(b => b
            .AddGuard(GuardExtensionPoint.BeforeSend, new RecordingGuard("last_look"))
            .AddGuard(GuardExtensionPoint.AfterSuppression, new RecordingGuard("crm_owner")));

        Assert.Equal(
            ["emergency_stop", "mode", "gatekeeper", "suppression", "crm_owner", "history", "send_window", "ramp", "caps", "last_look"],
            sut.GuardNames);
    }

    [Theory]
    [InlineData("caps")]
    [InlineData("Emergency_Stop")]
    [InlineData("")]
    public void AddGuard_BuiltInOrEmptyName_Throws(string name)
    {
        var harness = new SafetyHarness();
        var sut = SafetyChainBuilder.Create(harness.Store, harness.OptionsWrapper, harness.Time);

        Assert.Throws<ArgumentException>(() => sut.AddGuard(GuardExtensionPoint.BeforeSend, new RecordingGuard(name)));
    }

    [Fact]
    public async Task EvaluateAsync_StoppedAndCapsFullAndSuppressed_ReportsEmergencyStop()
    {
        var harness = new SafetyHarness(o =>
        {
            o.Caps.Daily = 0;
            o.SendWindow.Enabled = true;
        }, new DateTimeOffset(2026, 1, 10, 3, 0, 0, TimeSpan.Zero));
        await harness.Suppression.RecordUnsubscribeAsync("email:jane@acme.com", cancellationToken: Ct);
        await harness.Stop.SetAsync(true, "ops", "incident", Ct);
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);
        var dryRun = await sut.EvaluateAsync(harness.Send(), EvaluationMode.DryRun, Ct);

        Assert.Equal(ReasonCodes.EmergencyStop, result.Decision.Refusal?.Code);
        Assert.Equal("emergency_stop", result.DecidedBy);
        Assert.Equal(ReasonCodes.EmergencyStop, dryRun.Decision.Refusal?.Code);
        Assert.Equal(
            [ReasonCodes.EmergencyStop, ReasonCodes.SuppressedUnsubscribed, ReasonCodes.OutsideSendWindow, ReasonCodes.CapDaily],
            dryRun.Findings.Where(f => !f.Decision.IsAllowed).Select(f => f.Decision.Refusal?.Code));
    }

    [Fact]
    public async Task EvaluateAsync_RefusedEarly_LaterGuardsNotEvaluated()
    {
        var harness = new SafetyHarness();
        await harness.Suppression.RecordHardBounceAsync("email:jane@acme.com", cancellationToken: Ct);
        var host = new RecordingGuard("crm_owner");
        var sut = harness.Chain(b => b.AddGuard(GuardExtensionPoint.AfterSuppression, host));

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(ReasonCodes.SuppressedHardBounce, result.Decision.Refusal?.Code);
        Assert.Equal(0, host.Calls);
    }

    [Fact]
    public async Task EvaluateAsync_HostGuardDeniesBeforeSend_EarlierReservationsReleased()
    {
        var harness = new SafetyHarness(o =>
        {
            o.Caps.Daily = 5;
            o.Caps.PerMailboxDaily = 5;
            o.Caps.MinimumGap = TimeSpan.FromSeconds(45);
        });
        var host = new RecordingGuard("last_look", GuardDecision.Deny("host_says_no", "crm lock"));
        var sut = harness.Chain(b => b.AddGuard(GuardExtensionPoint.BeforeSend, host));

        var result = await sut.EvaluateAsync(harness.Send(mailbox: "box1"), Ct);
        var usage = await harness.Caps.GetUsageAsync(Channel.Email, "box1", cancellationToken: Ct);

        Assert.Equal("host_says_no", result.Decision.Refusal?.Code);
        Assert.Equal("last_look", result.DecidedBy);
        Assert.All(usage, u => Assert.Equal(0, u.Used));
        Assert.True((await harness.Chain().EvaluateAsync(harness.Send(mailbox: "box1"), Ct)).IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_HostGuardReservation_CommittedOrReleasedWithResult()
    {
        var harness = new SafetyHarness();
        var reservation = new RecordingReservation();
        var sut = harness.Chain(b => b.AddGuard(GuardExtensionPoint.BeforeSend, new RecordingGuard("slot", GuardDecision.Allow, reservation)));

        var first = await sut.EvaluateAsync(harness.Send(), Ct);
        await first.CommitAsync(Ct);
        var second = await sut.EvaluateAsync(harness.Send(), Ct);
        await second.ReleaseAsync(Ct);

        Assert.Equal(1, reservation.Commits);
        Assert.Equal(1, reservation.Releases);
    }

    [Fact]
    public async Task EvaluateAsync_GuardThrows_DeniesSafetyCheckFailedAndReleases()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 5);
        var sut = harness.Chain(b => b.AddGuard(GuardExtensionPoint.BeforeSend, new ThrowingGuard(new InvalidOperationException("boom"))));

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.True(result.Decision.IsDenied);
        Assert.Equal(ReasonCodes.SafetyCheckFailed, result.Decision.Refusal?.Code);
        Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.Equal(0, (await harness.Caps.GetUsageAsync(Channel.Email, cancellationToken: Ct)).Single(u => u.Window == "daily").Used);
    }

    [Fact]
    public async Task EvaluateAsync_SuppressionStoreUnavailable_FailsClosed()
    {
        var harness = new SafetyHarness();
        harness.Store.FailPrefix = "suppression:";
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(ReasonCodes.SuppressionUnreadable, result.Decision.Refusal?.Code);
        Assert.Equal("suppression", result.DecidedBy);
    }

    [Fact]
    public async Task EvaluateAsync_CancelledAfterCapsReserved_ThrowsAndReleases()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 5);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sut = harness.Chain(b => b.AddGuard(GuardExtensionPoint.BeforeSend, new CancellingGuard(cts)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sut.EvaluateAsync(harness.Send(), cts.Token));

        Assert.Equal(0, (await harness.Caps.GetUsageAsync(Channel.Email, cancellationToken: Ct)).Single(u => u.Window == "daily").Used);
    }

    [Fact]
    public async Task EvaluateAsync_DryRun_EvaluatesEveryLayerWithoutReserving()
    {
        var harness = new SafetyHarness(o =>
        {
            o.Ramp.Enabled = true;
            o.Caps.Daily = 5;
            o.Caps.MinimumGap = TimeSpan.FromSeconds(45);
        });
        var sut = harness.Chain();
        var context = harness.Send(tier: Tier.Tier2) with { Live = false };

        var result = await sut.EvaluateAsync(context, EvaluationMode.DryRun, Ct);
        var again = await sut.EvaluateAsync(context with { Tier = Tier.Tier1 }, EvaluationMode.DryRun, Ct);

        Assert.Equal(EvaluationMode.DryRun, result.Mode);
        Assert.Equal(ReasonCodes.DryRun, result.Decision.Refusal?.Code);
        Assert.Equal(sut.GuardNames, result.Findings.Select(f => f.Guard));
        Assert.Equal([ReasonCodes.DryRun, ReasonCodes.RampTierRestricted], result.Findings.Where(f => !f.Decision.IsAllowed).Select(f => f.Decision.Refusal?.Code));
        Assert.False(result.AllowsExcept(ReasonCodes.DryRun));
        Assert.True(again.AllowsExcept(ReasonCodes.DryRun));
        Assert.All(await harness.Caps.GetUsageAsync(Channel.Email, cancellationToken: Ct), u => Assert.Equal(0, u.Used));
        Assert.Equal(0, (await harness.Ramp.GetProgressAsync(Ct)).SentToday);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await again.CommitAsync(Ct));
    }

    [Fact]
    public async Task EvaluateAsync_DryRunCapsFull_ReportsDeferralWithoutTakingSlots()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 1);
        var sut = harness.Chain();
        await (await sut.EvaluateAsync(harness.Send("a@one.com"), Ct)).CommitAsync(Ct);

        var result = await sut.EvaluateAsync(harness.Send("b@two.com") with { Live = false }, EvaluationMode.DryRun, Ct);

        Assert.Contains(result.Findings, f => f.Decision.Refusal?.Code == ReasonCodes.CapDaily && f.Decision.IsDeferred);
        Assert.Equal(1, (await harness.Caps.GetUsageAsync(Channel.Email, cancellationToken: Ct)).Single(u => u.Window == "daily").Used);
    }

    [Fact]
    public async Task EvaluateAsync_AllowedEnforce_NoFindingsAndReservationsHeld()
    {
        var harness = new SafetyHarness(o => o.Caps.Daily = 5);
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.True(result.IsAllowed);
        Assert.Null(result.DecidedBy);
        Assert.Empty(result.Findings);
        Assert.Equal(1, result.ReservationCount);
        Assert.True(result.AllowsExcept());
    }

    [Fact]
    public void GuardDecision_Factories_CarryKindReasonAndTime()
    {
        var until = SafetyHarness.Monday10Utc;

        var deny = GuardDecision.Deny(ReasonCodes.BlockedEmail, "x");
        var defer = GuardDecision.Defer(until, ReasonCodes.CapDaily);

        Assert.True(GuardDecision.Allow.IsAllowed);
        Assert.Null(GuardDecision.Allow.Refusal);
        Assert.Null(GuardDecision.Allow.DeferUntil);
        Assert.Equal(GuardDecisionKind.Deny, deny.Kind);
        Assert.Equal(new Refusal(ReasonCodes.BlockedEmail, "x"), deny.Refusal);
        Assert.Null(deny.DeferUntil);
        Assert.Equal(GuardDecisionKind.Defer, defer.Kind);
        Assert.Equal(new Refusal(ReasonCodes.CapDaily), defer.Refusal);
        Assert.Equal(until, defer.DeferUntil);
        Assert.Equal("defer cap_daily until " + until.ToString("O", System.Globalization.CultureInfo.InvariantCulture), defer.ToString());
        Assert.Equal("deny blocked_email: x", deny.ToString());
        Assert.Throws<ArgumentException>(() => GuardDecision.Deny(" "));
        Assert.Throws<ArgumentException>(() => GuardDecision.Deny(new Refusal(default(ReasonCode))));
    }

    [Fact]
    public void GuardDecision_BuiltFromARefusal_KeepsThatRefusal()
    {
        var refusal = new Refusal(ReasonCodes.CapHourly, "hourly cap 3 reached");

        var deny = GuardDecision.Deny(refusal);
        var defer = GuardDecision.Defer(SafetyHarness.Monday10Utc, refusal);

        Assert.Same(refusal, deny.Refusal);
        Assert.Same(refusal, defer.Refusal);
        Assert.True(deny.IsDenied);
        Assert.True(defer.IsDeferred);
        Assert.Equal(GuardDecision.Defer(SafetyHarness.Monday10Utc, ReasonCodes.CapHourly, "hourly cap 3 reached"), defer);
    }

    [Fact]
    public void ReasonCodes_AllDistinctSnakeCase()
    {
        var codes = typeof(ReasonCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches("^[a-z]+(_[a-z0-9]+)*$", c));
    }

    private sealed class RecordingGuard(string name, GuardDecision decision = default, ISendReservation? reservation = null) : ISendGuard
    {
        public int Calls { get; private set; }

        public string Name => name;

        public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
        {
            Calls++;
            return new(new GuardEvaluation(decision, reservation));
        }
    }

    private sealed class RecordingReservation : ISendReservation
    {
        public int Commits { get; private set; }

        public int Releases { get; private set; }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default)
        {
            Commits++;
            return ValueTask.CompletedTask;
        }

        public ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
        {
            Releases++;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingGuard(Exception exception) : ISendGuard
    {
        public string Name => "throwing";

        public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default) => throw exception;
    }

    private sealed class CancellingGuard(CancellationTokenSource source) : ISendGuard
    {
        public string Name => "cancelling";

        public async ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
        {
            await source.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return GuardEvaluation.Allowed;
        }
    }
}
