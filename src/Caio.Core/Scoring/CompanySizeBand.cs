using Caio.Leads;

namespace Caio.Scoring;

/// <summary>A range of employee counts worth a number of points.</summary>
public sealed class CompanySizeBand
{
    /// <summary>Smallest employee count in the band (inclusive).</summary>
    public int Min { get; set; }

    /// <summary>Largest employee count in the band (inclusive); <see langword="null"/> for no upper bound.</summary>
    public int? Max { get; set; }

    /// <summary>Points for a company in the band.</summary>
    public int Points { get; set; }
}
