using Caio.Leads;

namespace Caio.Pipeline;

/// <summary>What a pipeline run was asked to do.</summary>
public sealed record PipelineRequest
{
    /// <summary>Run mode: sandbox (generated leads, in-process fakes) or production (real providers, stops at the review queue).</summary>
    public PipelineMode Mode { get; init; } = PipelineMode.Sandbox;

    /// <summary>Maximum number of leads to read from the source.</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>Only leads of this tier go on to crafting, when set.</summary>
    public Tier? Segment { get; init; }

    /// <summary>Name of the lead source (defaults to the mode's default source).</summary>
    public string? SourceName { get; init; }

    /// <summary>Path of a JSON or CSV file of leads that bypasses sourcing.</summary>
    public string? InputFile { get; init; }

    /// <summary>Seed of the sandbox generator; the same seed always yields the same leads.</summary>
    public int Seed { get; init; } = SandboxDefaults.Seed;
}

/// <summary>Defaults of the sandbox mode.</summary>
public static class SandboxDefaults
{
    /// <summary>The fixed default seed of the sandbox generator.</summary>
    public const int Seed = 20_240_601;
}

/// <summary>Pipeline run modes.</summary>
public enum PipelineMode
{
    /// <summary>Generated leads and in-process fake providers; no network; safe anywhere.</summary>
    Sandbox,

    /// <summary>Real providers; drafts stop at the review queue for a human.</summary>
    Production,
}

/// <summary>The run an item belongs to, shared by all stages of that run; collects run-wide tallies.</summary>
public sealed class PipelineContext
{
    private long _enrichAttempts;
    private long _enriched;

    /// <summary>Creates a context.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="request">The request that started the run.</param>
    public PipelineContext(string runId, PipelineRequest request)
    {
        RunId = runId ?? throw new ArgumentNullException(nameof(runId));
        Request = request ?? throw new ArgumentNullException(nameof(request));
    }

    /// <summary>The run id.</summary>
    public string RunId { get; }

    /// <summary>The request that started the run.</summary>
    public PipelineRequest Request { get; }

    /// <summary>Tier distribution of the leads scored in this run.</summary>
    public TierCounts Tiers { get; } = new();

    /// <summary>Share of enrichment attempts that added facts, 0–1.</summary>
    public double EnrichmentRate
    {
        get
        {
            var attempts = Interlocked.Read(ref _enrichAttempts);
            return attempts == 0 ? 0 : Math.Round((double)Interlocked.Read(ref _enriched) / attempts, 4);
        }
    }

    /// <summary>Records one enrichment attempt.</summary>
    /// <param name="enriched">Whether it added facts.</param>
    public void RecordEnrichment(bool enriched)
    {
        Interlocked.Increment(ref _enrichAttempts);
        if (enriched)
        {
            Interlocked.Increment(ref _enriched);
        }
    }
}

/// <summary>Thread-safe per-tier counters.</summary>
public sealed class TierCounts
{
    private readonly long[] _counts = new long[4];

    /// <summary>Counts one lead of <paramref name="tier"/>.</summary>
    /// <param name="tier">The tier.</param>
    public void Increment(Tier tier) => Interlocked.Increment(ref _counts[(int)tier - 1]);

    /// <summary>Current counts keyed by wire name, all four tiers present.</summary>
    /// <returns>The snapshot.</returns>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var tier in TierNames.All)
        {
            result[tier.ToWireName()] = Interlocked.Read(ref _counts[(int)tier - 1]);
        }

        return result;
    }
}
