using System.Text.Json.Serialization;

namespace Caio.Providers.Instantly;

/// <summary>An Instantly campaign.</summary>
public sealed record InstantlyCampaign
{
    /// <summary>Campaign id (uuid).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    /// <summary>Status: 0 Draft, 1 Active, 2 Paused, 3 Completed, 4 Running Subsequences, -1 Accounts Unhealthy, -2 Bounce Protect, -99 Account Suspended.</summary>
    [JsonPropertyName("status")]
    public int Status { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("timestamp_created")]
    public string? TimestampCreated { get; init; }

    /// <summary>The status in words (<c>draft</c>, <c>active</c>, <c>paused</c> …).</summary>
    [JsonIgnore]
    public string StatusName => Status switch
    {
        0 => "draft",
        1 => "active",
        2 => "paused",
        3 => "completed",
        4 => "running_subsequences",
        -1 => "accounts_unhealthy",
        -2 => "bounce_protect",
        -99 => "account_suspended",
        _ => "status_" + Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
