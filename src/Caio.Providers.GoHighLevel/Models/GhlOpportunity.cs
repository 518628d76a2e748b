using System.Text.Json.Serialization;

namespace Caio.Providers.GoHighLevel;

/// <summary>An opportunity (deal).</summary>
public sealed record GhlOpportunity
{
    /// <summary>Id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Status: <c>open</c>, <c>won</c>, <c>lost</c>, <c>abandoned</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Pipeline.</summary>
    [JsonPropertyName("pipelineId")]
    public string? PipelineId { get; init; }

    /// <summary>Stage.</summary>
    [JsonPropertyName("pipelineStageId")]
    public string? PipelineStageId { get; init; }

    /// <summary>Value.</summary>
    [JsonPropertyName("monetaryValue")]
    public decimal? MonetaryValue { get; init; }

    /// <summary>Contact.</summary>
    [JsonPropertyName("contactId")]
    public string? ContactId { get; init; }
}
