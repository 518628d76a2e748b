using System.Text.Json.Serialization;

namespace Caio.Pipeline;

/// <summary>Counters and timing of one stage.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="In">Items received.</param>
/// <param name="Out">Items passed on.</param>
/// <param name="Failed">Items that failed.</param>
/// <param name="DurationMs">Time spent processing items, in milliseconds.</param>
public sealed record StageReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("in")] long In,
    [property: JsonPropertyName("out")] long Out,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("durationMs")] double DurationMs);
