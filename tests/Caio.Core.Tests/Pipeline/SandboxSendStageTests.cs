using Caio.Audit;
using Caio.Core.Tests.State;
using Caio.Dispatch;
using Caio.Pipeline;
using Caio.Review;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Core.Tests.Pipeline;

/// <summary>The sandbox send stage's simulated day on the file backend, as the README's main job runs it.</summary>
public sealed class SandboxSendStageTests : IDisposable
{
    private static readonly DateTimeOffset MondayMidnight = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task RunAsync_SandboxDayOnFileState_SendsEachDeferredItemWhenDueAndNothingTwice()
    {
        var clock = new SandboxClock(MondayMidnight);
        await using var provider = Build(clock, _directory.Path);
        var sut = provider.GetRequiredService<PipelineRunner>();
        var cancellationToken = TestContext.Current.CancellationToken;

        var report = await sut.RunAsync(new PipelineRequest { Mode = PipelineMode.Sandbox, Limit = 300 }, cancellationToken: cancellationToken);

        Assert.Equal(RunReportStatus.Completed, report.Status);
        var sends = provider.GetRequiredService<SandboxSendRecorder>().ReadAll().OrderBy(s => s.At).ToList();

        // Deferrals are settled when due: the minimum gap defers every send after the first, so a day
        // with several sends shows that deferred items were tried again and went later.
        Assert.Equal(5, sends.Count);
        Assert.Equal(report.Stages[^1].Out, sends.Count);
        Assert.All(sends.Zip(sends.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(45)));
        Assert.True(sends[^1].At > clock.Start);

        // Never twice: one send per recipient and step, and each sent item is sent exactly once in the audit trail.
        Assert.Equal(sends.Count, sends.Select(s => (s.RecipientKey, s.Step)).Distinct().Count());
        var audit = new List<AuditRecord>();
        await foreach (var record in provider.GetRequiredService<IAuditLog>().ReadAsync(cancellationToken: cancellationToken))
        {
            audit.Add(record);
        }

        var sentItems = audit.Where(r => r.Action == AuditActions.SendSent).Select(r => r.ItemId).ToList();
        Assert.Equal(sends.Count, sentItems.Count);
        Assert.Equal(sentItems.Count, sentItems.Distinct(StringComparer.Ordinal).Count());
        var queue = provider.GetRequiredService<IReviewQueue>();
        foreach (var itemId in sentItems)
        {
            Assert.Equal(ReviewStatus.Sent, (await queue.GetAsync(itemId!, cancellationToken))!.Status);
        }

        // Each batch execution settles an item once: no item is refused twice at the same simulated instant.
        var refusals = audit.Where(r => r.Action == AuditActions.SendRefused).GroupBy(r => (r.ItemId, r.At)).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, group => Assert.Single(group));
        Assert.True(report.Filtered.ContainsKey("ramp_daily_limit"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(70)]
    public async Task RunAsync_Sandbox_FillsEachBatchUpToTheProductionBatchLimit(int? maxItems)
    {
        // The default 500 holds the whole run's approved drafts; a smaller limit splits them into as few batches as it allows.
        var clock = new SandboxClock(MondayMidnight);
        await using var provider = Build(clock, _directory.Path, maxItems);
        var cancellationToken = TestContext.Current.CancellationToken;

        var report = await provider.GetRequiredService<PipelineRunner>().RunAsync(new PipelineRequest { Mode = PipelineMode.Sandbox, Limit = 300 }, cancellationToken: cancellationToken);

        Assert.Equal(RunReportStatus.Completed, report.Status);
        var approved = report.Stages.Single(s => s.Name == "approve").Out;
        Assert.InRange(approved, 71, 500);
        var created = 0;
        await foreach (var record in provider.GetRequiredService<IAuditLog>().ReadAsync(cancellationToken: cancellationToken))
        {
            created += record.Action == AuditActions.BatchCreated ? 1 : 0;
        }

        var limit = maxItems ?? 500;
        Assert.Equal((approved + limit - 1) / limit, created);
    }

    [Fact]
    public async Task RunAsync_SandboxDay_LaterRunsReadOnlyTheItemsDueThen()
    {
        // Each run after an item's first try settles the items due at that moment; the batch's other deferred items
        // are not read before they come due. The day then reads a review item a few times in all (queued and
        // approved, batched, swept, validated at its batch's first run, completed) and twice per evaluation (the
        // claim that validates it when due, the read right before its send). Reading every deferred item of a batch
        // at each of its runs, as the stage did before, exceeds that (2,369 reads against a bound of 1,950 here).
        var clock = new SandboxClock(MondayMidnight);
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        var store = new ReviewItemReadCounter(new Caio.State.InMemoryStateStore(clock));
        services.AddCaio(_ => { }).UseInMemoryState();
        services.AddSingleton<Caio.State.IStateStore>(store);
        services.AddSingleton<Caio.Safety.IEmergencyStop>(sp => new Caio.Safety.EmergencyStop(
            store, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Caio.Safety.SafetyOptions>>(), clock, _ => null));
        await using var provider = services.BuildServiceProvider();
        var cancellationToken = TestContext.Current.CancellationToken;

        var report = await provider.GetRequiredService<PipelineRunner>().RunAsync(new PipelineRequest { Mode = PipelineMode.Sandbox, Limit = 300 }, cancellationToken: cancellationToken);

        Assert.Equal(RunReportStatus.Completed, report.Status);
        var approved = report.Stages.Single(s => s.Name == "approve").Out;
        var evaluations = 0;
        await foreach (var record in provider.GetRequiredService<IAuditLog>().ReadAsync(cancellationToken: cancellationToken))
        {
            evaluations += record.Action is AuditActions.SendSent or AuditActions.SendRefused ? 1 : 0;
        }

        Assert.True(store.Reads <= (6 * approved) + (2 * evaluations), $"{store.Reads} reads of review items for {approved} items and {evaluations} evaluations");
    }

    public void Dispose() => _directory.Dispose();

    private static ServiceProvider Build(SandboxClock clock, string directory, int? maxBatchItems = null)
    {
        var services = new ServiceCollection();
        if (maxBatchItems is { } max)
        {
            services.Configure<Caio.Batches.BatchOptions>(o => o.MaxItems = max);
        }

        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.AddCaio(o => o.StateDirectory = directory).UseFileState();
        services.AddSingleton<Caio.Safety.IEmergencyStop>(sp => new Caio.Safety.EmergencyStop(
            sp.GetRequiredService<Caio.State.IStateStore>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Caio.Safety.SafetyOptions>>(), clock, _ => null));
        return services.BuildServiceProvider();
    }

    /// <summary>Counts reads of review items (<c>queue:item:&lt;id&gt;</c>).</summary>
    private sealed class ReviewItemReadCounter(Caio.State.IStateStore inner) : DelegatingStateStore(inner)
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override ValueTask<Caio.State.StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            if (key.StartsWith("queue:item:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _reads);
            }

            return base.GetAsync(key, cancellationToken);
        }
    }
}
