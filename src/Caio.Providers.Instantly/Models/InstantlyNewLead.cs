using System.Text.Json.Serialization;

namespace Caio.Providers.Instantly;

/// <summary>A lead to add to a campaign (<c>POST /api/v2/leads/add</c>).</summary>
public sealed record InstantlyNewLead
{
    /// <summary>Email address (required with a campaign).</summary>
    [JsonPropertyName("email")]
    public required string Email { get; init; }

    /// <summary>First name.</summary>
    [JsonPropertyName("first_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    [JsonPropertyName("last_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastName { get; init; }

    /// <summary>Company name.</summary>
    [JsonPropertyName("company_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CompanyName { get; init; }

    /// <summary>Flat custom variables (scalars), e.g. the approved copy <c>caio_subject_1</c>, <c>caio_body_1</c>.</summary>
    [JsonPropertyName("custom_variables")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? CustomVariables { get; init; }
}
