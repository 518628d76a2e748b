using System.Text.Json.Serialization;

namespace Caio.Providers.GoHighLevel;

/// <summary>A pipeline stage.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
public sealed record GhlPipelineStage([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string? Name);
