using Caio.Leads;

namespace Caio.Pipeline;

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
