using System.Text.Json.Serialization;

namespace Caio.Safety;

/// <summary>One suppression as <c>suppress list</c> shows it.</summary>
/// <param name="Kind">What it stops.</param>
/// <param name="Value">The address (canonical) or the domain.</param>
/// <param name="ReasonCode">The reason code a send to it is refused with.</param>
/// <param name="At">When it was recorded, when known.</param>
/// <param name="Reason">Why, as written by the person who added it by hand.</param>
/// <param name="By">Who added it by hand.</param>
/// <param name="Source">Where an automatically recorded event came from (e.g. a provider's bounce).</param>
public sealed record SuppressionListing(
    [property: JsonPropertyName("kind")] SuppressionKind Kind,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("reasonCode")] string ReasonCode,
    [property: JsonPropertyName("at")] DateTimeOffset? At,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("by")] string? By,
    [property: JsonPropertyName("source")] string? Source);
