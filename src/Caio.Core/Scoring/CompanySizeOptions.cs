using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Company-size rules (number of employees).</summary>
public sealed class CompanySizeOptions
{
    /// <summary>A company with a known employee count below this is disqualified. Default 10.</summary>
    public int MinimumEmployees { get; set; } = 10;

    /// <summary>
    /// Named bands of employee counts and their points. Bands must not overlap; a count in no band
    /// scores 0. Defaults: <c>Micro</c> 10–19 → 5, <c>Small</c> 20–50 → 12, <c>Midsize</c> 51–500 → 20,
    /// <c>UpperMidsize</c> 501–1000 → 15, <c>Enterprise</c> 1001 and more → 10.
    /// </summary>
    public IDictionary<string, CompanySizeBand> Bands { get; set; } = new Dictionary<string, CompanySizeBand>(StringComparer.OrdinalIgnoreCase)
    {
        ["Micro"] = new() { Min = 10, Max = 19, Points = 5 },
        ["Small"] = new() { Min = 20, Max = 50, Points = 12 },
        ["Midsize"] = new() { Min = 51, Max = 500, Points = 20 },
        ["UpperMidsize"] = new() { Min = 501, Max = 1000, Points = 15 },
        ["Enterprise"] = new() { Min = 1001, Max = null, Points = 10 },
    };
}
