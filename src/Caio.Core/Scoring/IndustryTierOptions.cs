using Caio.Leads;

namespace Caio.Scoring;

/// <summary>An industry tier: its points and the phrases that identify it.</summary>
public sealed class IndustryTierOptions
{
    /// <summary>Creates an empty tier (used by configuration binding).</summary>
    public IndustryTierOptions()
    {
    }

    /// <summary>Creates a tier with points and phrases.</summary>
    /// <param name="points">Points for a company in the tier.</param>
    /// <param name="phrases">Words and phrases that identify the tier.</param>
    public IndustryTierOptions(int points, IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        Points = points;
        Phrases = [.. phrases];
    }

    /// <summary>Points for a company in the tier.</summary>
    public int Points { get; set; }

    /// <summary>Words and phrases that identify the tier, matched on whole words, case-insensitively.</summary>
    public IList<string> Phrases { get; set; } = [];
}
