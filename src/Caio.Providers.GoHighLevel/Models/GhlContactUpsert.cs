using System.Text.Json.Serialization;

namespace Caio.Providers.GoHighLevel;

/// <summary>A contact to create or update (<c>POST /contacts/upsert</c>); matched by the location's duplicate rules.</summary>
public sealed record GhlContactUpsert
{
    /// <summary>Email address.</summary>
    [JsonPropertyName("email")]
    public required string Email { get; init; }

    /// <summary>First name.</summary>
    [JsonPropertyName("firstName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    [JsonPropertyName("lastName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastName { get; init; }

    /// <summary>Company.</summary>
    [JsonPropertyName("companyName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CompanyName { get; init; }

    /// <summary>Tags.</summary>
    [JsonPropertyName("tags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Source.</summary>
    [JsonPropertyName("source"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}
