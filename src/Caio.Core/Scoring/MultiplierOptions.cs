using Caio.Leads;

namespace Caio.Scoring;

/// <summary>
/// Multipliers on the sum of points, by title class and industry tier. At most two decimals;
/// the product is computed exactly and truncated to an integer.
/// </summary>
public sealed class MultiplierOptions
{
    /// <summary>C-level title in a tier-1 industry. Default 1.5.</summary>
    public double CLevelInTier1Industry { get; set; } = 1.5;

    /// <summary>C-level title in any other industry. Default 1.3.</summary>
    public double CLevel { get; set; } = 1.3;

    /// <summary>VP/strategic title in a tier-1 industry. Default 1.3.</summary>
    public double VpStrategicInTier1Industry { get; set; } = 1.3;

    /// <summary>VP/strategic title in a tier-2 industry. Default 1.2.</summary>
    public double VpStrategicInTier2Industry { get; set; } = 1.2;

    /// <summary>VP/strategic title in any other industry. Default 1.1.</summary>
    public double VpStrategic { get; set; } = 1.1;

    /// <summary>Every other title. Default 1.0.</summary>
    public double Other { get; set; } = 1.0;
}
