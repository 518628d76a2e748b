using System.Text.Json.Serialization;

namespace Caio.Providers.HeyReach;

/// <summary>A custom field of a lead.</summary>
/// <param name="Name">Field name.</param>
/// <param name="Value">Value.</param>
public sealed record HeyReachCustomField([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("value")] string Value);
