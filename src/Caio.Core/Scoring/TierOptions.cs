using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Tier thresholds and the band of scores flagged for review.</summary>
public sealed class TierOptions
{
    /// <summary>Lowest score of tier 1. Default 80.</summary>
    public int Tier1Min { get; set; } = 80;

    /// <summary>Lowest score of tier 2. Default 60.</summary>
    public int Tier2Min { get; set; } = 60;

    /// <summary>Lowest score of tier 3; lower scores are tier 4. Default 40.</summary>
    public int Tier3Min { get; set; } = 40;

    /// <summary>Lowest score flagged as needing review (inclusive). Default 70.</summary>
    public int NeedsReviewMin { get; set; } = 70;

    /// <summary>Highest score flagged as needing review (inclusive). Default 85.</summary>
    public int NeedsReviewMax { get; set; } = 85;
}
