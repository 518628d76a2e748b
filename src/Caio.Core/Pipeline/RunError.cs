using System.Text.Json.Serialization;

namespace Caio.Pipeline;

/// <summary>One recorded failure.</summary>
/// <param name="Stage">Stage where it happened.</param>
/// <param name="Subject">Redacted identification of the lead, when any.</param>
/// <param name="Message">What went wrong.</param>
public sealed record RunError(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("message")] string Message);
