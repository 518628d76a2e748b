using System.Text.Json.Serialization;

namespace Caio.Providers.HeyReach;

/// <summary>A sender LinkedIn account.</summary>
public sealed record HeyReachSender
{
    /// <summary>Account id (<c>linkedInAccountId</c>).</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>First name.</summary>
    [JsonPropertyName("firstName")]
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    [JsonPropertyName("lastName")]
    public string? LastName { get; init; }

    /// <summary>Email address.</summary>
    [JsonPropertyName("emailAddress")]
    public string? EmailAddress { get; init; }

    /// <summary>Whether the account is active.</summary>
    [JsonPropertyName("isActive")]
    public bool? IsActive { get; init; }
}
