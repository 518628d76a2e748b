using System.ComponentModel.DataAnnotations;
using Caio.Safety;

namespace Caio.Review;

/// <summary>Review-queue hygiene and edit classification, bound from <c>Caio:Review</c>.</summary>
public sealed class ReviewOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Review";

    /// <summary>Pending drafts older than this expire (default 72 hours).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DraftTimeToLive { get; set; } = TimeSpan.FromHours(72);

    /// <summary>An edit whose distance is at most this share of the longer text is a <c>minor_tweak</c>; above, a <c>rewrite</c> (default 0.2).</summary>
    [Range(0.0, 1.0)]
    public double MinorTweakMaxRatio { get; set; } = 0.2;
}
