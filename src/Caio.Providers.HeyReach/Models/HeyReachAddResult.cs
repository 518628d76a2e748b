using System.Text.Json.Serialization;

namespace Caio.Providers.HeyReach;

/// <summary>The answer of <c>AddLeadsToCampaignV2</c>.</summary>
public sealed record HeyReachAddResult
{
    /// <summary>Leads added.</summary>
    [JsonPropertyName("addedLeadsCount")]
    public int AddedLeadsCount { get; init; }

    /// <summary>Leads the campaign already had (updated).</summary>
    [JsonPropertyName("updatedLeadsCount")]
    public int UpdatedLeadsCount { get; init; }

    /// <summary>Leads that failed.</summary>
    [JsonPropertyName("failedLeadsCount")]
    public int FailedLeadsCount { get; init; }
}
