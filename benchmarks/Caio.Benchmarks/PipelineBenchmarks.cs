using BenchmarkDotNet.Attributes;
using Caio.Leads;
using Caio.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Benchmarks;

/// <summary>
/// Throughput of whole pipeline runs on in-memory state with the template crafter: the production
/// stages (source → enrich → score → craft → queue) and the six sandbox stages (… → approve → send,
/// through the full safety chain to the recording sandbox channels).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private ServiceProvider _services = null!;
    private PipelineRunner _runner = null!;
    private int _seed;

    /// <summary>Leads per run.</summary>
    [Params(100_000)]
    public int Leads { get; set; }

    [IterationSetup]
    public void Setup()
    {
        // A fresh store per iteration, so every run queues (and sends) the same amount of work.
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 15, 0, 0, TimeSpan.Zero)));
        services.AddCaio(_ => { }).UseInMemoryState();
        _services = services.BuildServiceProvider();
        _runner = _services.GetRequiredService<PipelineRunner>();
        _seed++;
    }

    [IterationCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Task<RunReport> ProductionStagesToQueue() =>
        _runner.RunAsync(new PipelineRequest { Mode = PipelineMode.Production, SourceName = "sandbox", Limit = Leads, Seed = _seed });

    [Benchmark]
    public Task<RunReport> SandboxSixStages() =>
        _runner.RunAsync(new PipelineRequest { Mode = PipelineMode.Sandbox, Limit = Leads, Seed = _seed });
}

/// <summary>
/// Peak memory of the streaming stages: runs source → enrich → score → craft into a counting sink
/// (no state) for a given number of leads, in its own process, and prints the peak working set.
/// Invoked as <c>Caio.Benchmarks --memory-check N</c>; benchmarks/README.md compares 10,000 with 1,000,000.
/// </summary>
public static class StreamingMemoryCheck
{
    public static async Task<int> RunAsync(int leads)
    {
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).UseInMemoryState();
        services.AddSingleton<IPipelineStagesProvider, CountingStages>();
        await using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<PipelineRunner>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var report = await runner.RunAsync(new PipelineRequest { Mode = PipelineMode.Sandbox, Limit = leads });
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(
            $"leads {leads:N0}: crafted {report.Stages[^1].Out:N0} in {elapsed.TotalSeconds:F1} s ({leads / elapsed.TotalSeconds:N0} leads/s); " +
            $"peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MiB; GC heap after run {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MiB");
        return 0;
    }

    private sealed class CountingStages(IServiceProvider services) : IPipelineStagesProvider
    {
        public IReadOnlyList<IPipelineStage> GetStages(PipelineRequest request) =>
        [
            services.GetRequiredService<EnrichStage>(),
            services.GetRequiredService<ScoreStage>(),
            services.GetRequiredService<CraftStage>(),
            new Sink(),
        ];
    }

    private sealed class Sink : PipelineStage<MessageDraft, MessageDraft>
    {
        public override string Name => "sink";

        public override ValueTask<StageOutcome> ProcessAsync(MessageDraft item, PipelineContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(StageOutcome.Filter("counted"));
    }
}
