using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Engagement bonuses by source type; added outside the intent cap.</summary>
public sealed class EngagementOptions
{
    /// <summary>
    /// Points by the kind of source that surfaced the lead. Defaults: <c>PostCommenter</c> +5,
    /// <c>EventAttendee</c> +4, <c>CompetitorFollower</c> +3.
    /// </summary>
    public IDictionary<SourceType, int> SourceTypePoints { get; set; } = new Dictionary<SourceType, int>
    {
        [SourceType.PostCommenter] = 5,
        [SourceType.EventAttendee] = 4,
        [SourceType.CompetitorFollower] = 3,
    };
}
