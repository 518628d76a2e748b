using Caio.Leads;

namespace Caio.Pipeline;

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
