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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EnrichmentCounter> _providers = new(StringComparer.Ordinal);
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

    /// <summary>Per-provider enrichment results of this run, by provider name (ordinal order); empty when no provider was asked.</summary>
    public IReadOnlyList<EnrichmentProviderReport> EnrichmentProviders =>
        [.. _providers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new EnrichmentProviderReport(p.Key, Interlocked.Read(ref p.Value.Attempts), Interlocked.Read(ref p.Value.Enriched)))];

    /// <summary>Records that one provider of the enrichment waterfall was asked about one lead.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="enriched">Whether it added facts.</param>
    public void RecordProviderAttempt(string provider, bool enriched)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var counter = _providers.GetOrAdd(provider, static _ => new EnrichmentCounter());
        Interlocked.Increment(ref counter.Attempts);
        if (enriched)
        {
            Interlocked.Increment(ref counter.Enriched);
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

/// <summary>How one enrichment provider did in a run.</summary>
/// <param name="Name">Provider name.</param>
/// <param name="Attempts">Leads the provider was asked about (the waterfall stops at the first provider that adds facts).</param>
/// <param name="Enriched">Leads it added facts to.</param>
public sealed record EnrichmentProviderReport(
    [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("attempts")] long Attempts,
    [property: System.Text.Json.Serialization.JsonPropertyName("enriched")] long Enriched)
{
    /// <summary>Share of the leads asked about that the provider enriched, 0–1.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("rate")]
    public double Rate => Attempts == 0 ? 0 : Math.Round((double)Enriched / Attempts, 4);
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

/// <summary>Per-provider enrichment counters.</summary>
internal sealed class EnrichmentCounter
{
    public long Attempts;
    public long Enriched;
}
