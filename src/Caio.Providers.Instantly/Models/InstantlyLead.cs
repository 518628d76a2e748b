using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caio.Providers.Instantly;

/// <summary>A lead as Instantly returns it.</summary>
public sealed record InstantlyLead
{
    /// <summary>Lead id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Email address.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>Campaign id.</summary>
    [JsonPropertyName("campaign")]
    public string? Campaign { get; init; }

    /// <summary>Lead status: 1 Active, 2 Paused, 3 Completed, -1 Bounced, -2 Unsubscribed, -3 Skipped.</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>Custom variables as written (<c>custom_variables</c>).</summary>
    [JsonPropertyName("custom_variables")]
    public IReadOnlyDictionary<string, JsonElement>? CustomVariables { get; init; }

    /// <summary>Custom variables as some API versions return them (<c>payload</c>).</summary>
    [JsonPropertyName("payload")]
    public IReadOnlyDictionary<string, JsonElement>? Payload { get; init; }

    /// <summary>A custom variable from either spelling, as text.</summary>
    /// <param name="name">Variable name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? Variable(string name) =>
        (CustomVariables is not null && CustomVariables.TryGetValue(name, out var value)) || (Payload is not null && Payload.TryGetValue(name, out value))
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
