using System.Diagnostics;
using System.Globalization;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Safety;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests.Dispatch;

/// <summary>A provider whose endpoints answer 404 "deprecated": a few calls, then the circuit opens and the rest is refused without a call.</summary>
public sealed class DeadProviderTests
{
    private const int Actions = 1000;

    [Fact]
    public async Task Run_AgainstDeadProvider_FewCalls_EveryActionFailedOrRefusedWithReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var instantly = new FakeInstantlyServer();
        await instantly.StartAsync(ct);
        var campaign = instantly.AddCampaign("outbound");
        instantly.Faults.Dead = true;
        using var harness = new ProviderDispatchHarness(null, caio => caio.AddInstantly(o =>
        {
            ProviderServices.Fast(o, instantly.BaseUrl, instantly.ApiKey);
            o.DefaultCampaignId = campaign;
            o.BreakerMinimumThroughput = 5;
            o.BreakDuration = TimeSpan.FromMinutes(5);
        }));
        for (var r = 0; r < Actions; r++)
        {
            await harness.ApprovedItemAsync(string.Create(CultureInfo.InvariantCulture, $"lead{r}@firm{r}.io"), Channel.Email, null, ct);
        }

        await harness.CreateBatchesAsync(ct);
        var clock = Stopwatch.StartNew();
        var report = await harness.NewOperator().RunAsync(new OperatorRequest { Live = true, Channels = ["instantly"] }, ct);
        var elapsed = clock.Elapsed;

        var outcomes = report.Batches.SelectMany(b => b.Actions).ToList();
        Assert.Equal(Actions, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(
            (o.Outcome == ActionOutcomes.Failed && o.Reason == ReasonCodes.ProviderRefused && o.Detail!.Contains("404", StringComparison.Ordinal))
            || (o.Outcome == ActionOutcomes.Refused && o.Reason == ProviderReasonCodes.ProviderUnavailable),
            $"{o.Outcome} {o.Reason} {o.Detail}"));
        Assert.InRange(instantly.Requests.Count, 5, 5 + 8);
        Assert.All(instantly.Requests, r => Assert.Equal(404, r.Status));
        Assert.Empty(instantly.SideEffects);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Actions} actions against a dead provider: {instantly.Requests.Count} calls, {outcomes.Count(o => o.Outcome == ActionOutcomes.Refused)} refused provider_unavailable, run {elapsed.TotalSeconds:F2} s"));
    }
}
