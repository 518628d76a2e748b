using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Industry tiers (independent of the lead <see cref="Tier"/>).</summary>
public enum IndustryTier
{
    /// <summary>No industry tier matched.</summary>
    None = 0,

    /// <summary>Tier-1 industry (best fit).</summary>
    Tier1 = 1,

    /// <summary>Tier-2 industry.</summary>
    Tier2 = 2,

    /// <summary>Tier-3 industry.</summary>
    Tier3 = 3,
}
