using System.Globalization;

namespace Caio.Scoring;

/// <summary>Says in words why a score carries the <c>needs_review</c> flag.</summary>
public static class NeedsReviewExplanation
{
    /// <summary>Why <paramref name="score"/> is (or is not) flagged for a closer human look.</summary>
    /// <param name="score">The score.</param>
    /// <param name="tiers">The tier thresholds and the needs-review band.</param>
    /// <returns>One sentence.</returns>
    public static string For(int score, TierOptions tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var band = string.Create(CultureInfo.InvariantCulture, $"{tiers.NeedsReviewMin}–{tiers.NeedsReviewMax}");
        return score >= tiers.NeedsReviewMin && score <= tiers.NeedsReviewMax
            ? string.Create(CultureInfo.InvariantCulture, $"the score {score} is in the band {band} ({IcpOptions.SectionName}:Tiers:NeedsReviewMin/Max) where the fit is close to a tier boundary, so a person should read it closely before approving")
            : string.Create(CultureInfo.InvariantCulture, $"not flagged: the score {score} is outside the needs-review band {band}");
    }
}
