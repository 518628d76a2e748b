using System.Text.Json.Serialization;

namespace Caio.Providers.HeyReach;

/// <summary>A lead to add to a list or campaign; <see cref="ProfileUrl"/> is the minimum.</summary>
public sealed record HeyReachLead
{
    /// <summary>LinkedIn profile URL.</summary>
    [JsonPropertyName("profileUrl")]
    public required string ProfileUrl { get; init; }

    /// <summary>First name.</summary>
    [JsonPropertyName("firstName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    [JsonPropertyName("lastName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastName { get; init; }

    /// <summary>Company.</summary>
    [JsonPropertyName("companyName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CompanyName { get; init; }

    /// <summary>Email address.</summary>
    [JsonPropertyName("emailAddress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EmailAddress { get; init; }

    /// <summary>Custom fields, e.g. the approved message and the idempotency key.</summary>
    [JsonPropertyName("customUserFields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HeyReachCustomField>? CustomUserFields { get; init; }
}
