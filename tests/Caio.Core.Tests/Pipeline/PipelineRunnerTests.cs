using System.Text.RegularExpressions;
using Caio.Leads;
using Caio.Pipeline;
using Caio.Review;
using Caio.Sourcing;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Core.Tests.Pipeline;

public sealed partial class PipelineRunnerTests : IDisposable
{
    private readonly ServiceProvider _services;

    public PipelineRunnerTests()
    {
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).UseInMemoryState();

        // Production runs use the sources a host registers; these tests feed them the generated leads.
        services.AddSingleton<ILeadSource, SandboxLeadSource>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose() => _services.Dispose();

    private static PipelineRequest Production(int limit, Tier? segment = null) =>
        new() { Mode = PipelineMode.Production, SourceName = "sandbox", Limit = limit, Segment = segment };

    [Fact]
    public async Task RunAsync_Production_ReportsEveryStageInOrderWithConsistentCounts()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(Production(1000), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunReportStatus.Completed, report.Status);
        Assert.Equal(PipelineMode.Production, report.Mode);
        Assert.Equal("sandbox", report.Source);
        Assert.Matches(RunIdPattern(), report.RunId);
        Assert.Equal(["source", "enrich", "score", "craft", "queue"], report.Stages.Select(s => s.Name));
        Assert.Equal(1000, report.Stages[0].In);
        for (var i = 1; i < report.Stages.Count; i++)
        {
            Assert.Equal(report.Stages[i - 1].Out, report.Stages[i].In);
        }

        Assert.Equal(report.Stages[2].In, report.Tiers.Values.Sum());
        Assert.Equal(["tier_1", "tier_2", "tier_3", "tier_4"], report.Tiers.Keys);
        Assert.True(report.Stages[4].Out > 0, "some drafts are queued");
        Assert.Equal(0, report.EnrichmentRate); // no enricher is registered: nothing is invented
        Assert.Empty(report.EnrichmentProviders);

        var filtered = report.Filtered.Values.Sum();
        Assert.Equal(report.Stages[2].In - report.Stages[2].Out - report.Stages[2].Failed, report.Filtered.Where(f => f.Key != "duplicate").Sum(f => f.Value));
        Assert.True(filtered > 0);

        var queue = _services.GetRequiredService<IReviewQueue>();
        var pending = await queue.ListAsync(ReviewStatus.Pending, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(report.Stages[4].Out, pending.Count);
        Assert.All(pending, item => Assert.Equal(report.RunId, item.RunId));
    }

    [Fact]
    public async Task RunAsync_SameSeedTwice_QueuesNothingNewTheSecondTime()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();

        var first = await sut.RunAsync(Production(300), cancellationToken: TestContext.Current.CancellationToken);
        var second = await sut.RunAsync(Production(300), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(first.Stages[4].Out > 0);
        Assert.Equal(0, second.Stages[4].Out);
        Assert.Equal(second.Stages[4].In, second.Filtered["duplicate"]);
    }

    [Fact]
    public async Task RunAsync_Segment_QueuesOnlyThatTier()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(Production(1000, Tier.Tier2), cancellationToken: TestContext.Current.CancellationToken);

        var pending = await _services.GetRequiredService<IReviewQueue>().ListAsync(ReviewStatus.Pending, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEmpty(pending);
        Assert.All(pending, item => Assert.Equal(Tier.Tier2, item.Tier));
        Assert.True(report.Filtered["outside_segment"] > 0);
    }

    [Fact]
    public async Task RunAsync_Persisted_ReportCanBeReadBack()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(new PipelineRequest { Limit = 50 }, cancellationToken: TestContext.Current.CancellationToken);

        var store = _services.GetRequiredService<IRunReportStore>();
        var stored = await store.GetAsync(report.RunId, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(report.Stages, stored.Stages);
        Assert.Equal(report.RunId, (await store.ListRecentAsync(1, TestContext.Current.CancellationToken))[0].RunId);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsAndRecordsCancelled()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();
        using var cts = new CancellationTokenSource();
        var progress = new ActionProgress(p =>
        {
            if (p.Sourced >= 5_000)
            {
                cts.Cancel();
            }
        });

        var report = await sut.RunAsync(new PipelineRequest { Limit = 10_000_000 }, progress, cts.Token);

        Assert.Equal(RunReportStatus.Cancelled, report.Status);
        Assert.True(report.Stages[0].In < 10_000_000);
    }

    [Fact]
    public async Task RunAsync_StageThrows_AbortsWithReason()
    {
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).UseInMemoryState();
        services.AddSingleton<IPipelineStagesProvider>(new ThrowingStages());
        await using var provider = services.BuildServiceProvider();
        var sut = provider.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(new PipelineRequest { Limit = 100 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunReportStatus.Failed, report.Status);
        Assert.Contains(report.Errors, e => e.Stage == "explode" && e.Message.Contains("provider is down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ProductionWithoutSource_Throws()
    {
        var sut = _services.GetRequiredService<PipelineRunner>();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => sut.RunAsync(new PipelineRequest { Mode = PipelineMode.Production }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("--source", ex.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("^run_[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$")]
    private static partial Regex RunIdPattern();

    private sealed class ActionProgress(Action<PipelineProgress> action) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => action(value);
    }

    private sealed class ThrowingStages : IPipelineStagesProvider
    {
        public IReadOnlyList<IPipelineStage> GetStages(PipelineRequest request) => [new Explode()];

        private sealed class Explode : PipelineStage<Lead, Lead>
        {
            public override string Name => "explode";

            public override ValueTask<StageOutcome> ProcessAsync(Lead item, PipelineContext context, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("provider is down");
        }
    }
}
