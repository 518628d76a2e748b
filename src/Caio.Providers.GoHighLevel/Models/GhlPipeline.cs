using System.Text.Json.Serialization;

namespace Caio.Providers.GoHighLevel;

/// <summary>A pipeline with its stages.</summary>
public sealed record GhlPipeline
{
    /// <summary>Id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Stages.</summary>
    [JsonPropertyName("stages")]
    public IReadOnlyList<GhlPipelineStage> Stages { get; init; } = [];
}
