using Caio.Dispatch;
using Caio.Pipeline;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Pipeline;

public sealed class SandboxPipelineTests : IDisposable
{
    // Monday 15:00 UTC: business hours in New York, London and Berlin.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 15, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public SandboxPipelineTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCaio(_ => { }).UseInMemoryState();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task RunAsync_Sandbox_RunsSixStagesAndSendsOnlyWhatTheRampAllows()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(new PipelineRequest { Limit = 1000 }, cancellationToken: Ct);

        Assert.Equal(RunReportStatus.Completed, report.Status);
        Assert.Equal(["source", "enrich", "score", "craft", "approve", "send"], report.Stages.Select(s => s.Name));
        var send = report.Stages[^1];
        Assert.InRange(send.Out, 1, 5);
        Assert.Equal(0, send.Failed);
        var sendFiltered = report.Filtered.Where(f => f.Key is not ("disqualified" or "tier_4" or "duplicate")).Sum(f => f.Value);
        Assert.Equal(send.In - send.Out, sendFiltered);
        Assert.True(report.Filtered.ContainsKey(ReasonCodes.RampTierRestricted), "non-tier-1 leads are held back by the ramp");

        var recorded = _services.GetRequiredService<SandboxSendRecorder>().ReadAll();
        Assert.Equal(send.Out, recorded.Count);
        Assert.Equal(recorded.Count, recorded.Select(r => (r.RecipientKey, r.Step)).Distinct().Count());
        var sent = await _services.GetRequiredService<IReviewQueue>().ListAsync(ReviewStatus.Sent, cancellationToken: Ct);
        Assert.Equal(send.Out, sent.Count);
        Assert.All(sent, item => Assert.Equal(Caio.Leads.Tier.Tier1, item.Tier));
    }

    [Fact]
    public async Task RunAsync_SandboxTwiceSameSeed_SendsNothingNew()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();
        await sut.RunAsync(new PipelineRequest { Limit = 400 }, cancellationToken: Ct);
        var recorder = _services.GetRequiredService<SandboxSendRecorder>();
        var before = recorder.ReadAll().Count;
        _time.Advance(TimeSpan.FromMinutes(5));

        var second = await sut.RunAsync(new PipelineRequest { Limit = 400 }, cancellationToken: Ct);

        Assert.True(before > 0);
        Assert.Equal(0, second.Stages[^1].Out);
        Assert.Equal(before, recorder.ReadAll().Count);
    }
}
