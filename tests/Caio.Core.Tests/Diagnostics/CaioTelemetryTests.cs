using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Caio.Diagnostics;
using Caio.Pipeline;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Diagnostics;

public sealed class CaioTelemetryTests
{
    // Monday 15:00 UTC: business hours in New York, London and Berlin.
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SandboxRun_RecordsLeadsPerStageSendsAndRefusals()
    {
        using var services = Build(LogLevel.Warning);
        var meters = services.GetRequiredService<IMeterFactory>();
        using var leads = new MetricCollector<long>(meters, CaioTelemetry.Name, CaioInstruments.PipelineLeads);
        using var durations = new MetricCollector<double>(meters, CaioTelemetry.Name, CaioInstruments.StageDuration);
        using var sends = new MetricCollector<long>(meters, CaioTelemetry.Name, CaioInstruments.Sends);
        using var refusals = new MetricCollector<long>(meters, CaioTelemetry.Name, CaioInstruments.Refusals);

        var sut = services.GetRequiredService<PipelineRunner>();
        var report = await sut.RunAsync(new PipelineRequest { Limit = 300 }, cancellationToken: Ct);

        foreach (var stage in report.Stages)
        {
            Assert.Equal(stage.Out, Sum(leads, ("caio.stage", stage.Name), ("caio.outcome", "passed")));
            Assert.Equal(stage.Failed, Sum(leads, ("caio.stage", stage.Name), ("caio.outcome", "failed")));
            Assert.Equal(stage.In - stage.Out - stage.Failed, Sum(leads, ("caio.stage", stage.Name), ("caio.outcome", "filtered")));
            Assert.Single(durations.GetMeasurementSnapshot(), m => Equals(m.Tags["caio.stage"], stage.Name));
        }

        var sent = report.Stages[^1].Out;
        Assert.InRange(sent, 1, 5);
        Assert.Equal(sent, Sum(sends, ("caio.outcome", "sent")));
        Assert.True(Sum(refusals, ("caio.guard", "ramp"), ("caio.reason", ReasonCodes.RampTierRestricted)) > 0, "the ramp holds back every tier below tier_1");
    }

    [Fact]
    public async Task CountAsync_RecordsQueueDepthPerStatus()
    {
        using var services = Build(LogLevel.Warning);
        using var depth = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), CaioTelemetry.Name, CaioInstruments.QueueDepth);
        await services.GetRequiredService<PipelineRunner>().RunAsync(new PipelineRequest { Limit = 100 }, cancellationToken: Ct);

        var counts = await services.GetRequiredService<IReviewQueue>().CountAsync(Ct);

        foreach (var (status, count) in counts)
        {
            Assert.Equal(count, depth.GetMeasurementSnapshot().Last(m => Equals(m.Tags["caio.status"], status.ToWireName())).Value);
        }

        Assert.True(counts[ReviewStatus.Sent] > 0);
    }

    [Theory]
    [InlineData(LogLevel.Debug, false)]
    [InlineData(LogLevel.Trace, true)]
    public async Task SettledAction_IsLoggedWithItsEventId_AddressInFullOnlyAtTrace(LogLevel minimum, bool fullAddress)
    {
        using var services = Build(minimum);
        await services.GetRequiredService<PipelineRunner>().RunAsync(new PipelineRequest { Limit = 100 }, cancellationToken: Ct);
        var sent = await services.GetRequiredService<IReviewQueue>().ListAsync(ReviewStatus.Sent, cancellationToken: Ct);

        var settled = services.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Id.Id == 308).ToList();

        Assert.NotEmpty(sent);
        foreach (var item in sent)
        {
            var address = item.RecipientKey["email:".Length..];
            var record = Assert.Single(settled, r => r.Message.Contains(fullAddress ? item.RecipientKey : "email:" + address[0] + "***@" + address.Split('@')[1], StringComparison.Ordinal) && r.Message.Contains(": sent", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Debug, record.Level);
        }

        Assert.Equal(fullAddress, settled.Any(r => r.Message.Contains(sent[0].RecipientKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SandboxRun_TracesTheRunWithOneSpanPerSend()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CaioTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var services = Build(LogLevel.Warning);

        var report = await services.GetRequiredService<PipelineRunner>().RunAsync(new PipelineRequest { Limit = 100 }, cancellationToken: Ct);

        var run = Assert.Single(activities, a => a.OperationName == CaioTelemetry.PipelineRunActivity && Equals(a.GetTagItem("caio.run.id"), report.RunId));
        Assert.Equal("completed", run.GetTagItem("caio.run.status"));
        var sends = activities.Where(a => a.OperationName == CaioTelemetry.SendActivity && a.TraceId == run.TraceId).ToList();
        Assert.Equal(report.Stages[^1].Out, sends.Count(a => Equals(a.GetTagItem("caio.outcome"), "sent")));
        Assert.All(sends, a => Assert.NotNull(a.GetTagItem("caio.batch.id")));
        Assert.Contains(activities, a => a.OperationName == CaioTelemetry.BatchActivity && a.TraceId == run.TraceId);
    }

    private static long Sum(MetricCollector<long> collector, params (string Key, string Value)[] tags) =>
        collector.GetMeasurementSnapshot().Where(m => tags.All(t => Equals(m.Tags[t.Key], t.Value))).Sum(m => m.Value);

    private static ServiceProvider Build(LogLevel minimum)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(minimum));
        services.AddCaio(_ => { }).UseInMemoryState();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
