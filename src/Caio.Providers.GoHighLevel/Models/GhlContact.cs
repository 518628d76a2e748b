using System.Text.Json.Serialization;

namespace Caio.Providers.GoHighLevel;

/// <summary>A GoHighLevel contact.</summary>
public sealed record GhlContact
{
    /// <summary>Contact id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Location id.</summary>
    [JsonPropertyName("locationId")]
    public string? LocationId { get; init; }

    /// <summary>Email address.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>First name.</summary>
    [JsonPropertyName("firstName")]
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    [JsonPropertyName("lastName")]
    public string? LastName { get; init; }

    /// <summary>Tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Do-not-disturb across channels.</summary>
    [JsonPropertyName("dnd")]
    public bool? Dnd { get; init; }
}
