using System.Text.Json.Serialization;

namespace Caio.Providers.HeyReach;

/// <summary>A HeyReach campaign.</summary>
public sealed record HeyReachCampaign
{
    /// <summary>Campaign id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>Name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>Status: <c>DRAFT</c>, <c>IN_PROGRESS</c>, <c>PAUSED</c>, <c>FINISHED</c>, <c>CANCELED</c>, <c>FAILED</c>, <c>STARTING</c>, <c>SCHEDULED</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Lead list the campaign draws from.</summary>
    [JsonPropertyName("linkedInUserListId")]
    public long? LinkedInUserListId { get; init; }

    /// <summary>Sender accounts.</summary>
    [JsonPropertyName("campaignAccountIds")]
    public IReadOnlyList<long>? CampaignAccountIds { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("creationTime")]
    public string? CreationTime { get; init; }
}
