using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>Wire shape of a batch scope as the command line writes it; every field nullable so that a missing one is named.</summary>
internal sealed class BatchScopeDto
{
    public string? Motion { get; set; }

    public List<string?>? ItemIds { get; set; }

    public List<BatchActionDto?>? Actions { get; set; }

    public Dictionary<string, string?>? ContentDigests { get; set; }

    public bool? Sandbox { get; set; }
}

/// <summary>Wire shape of one action of a batch scope.</summary>
internal sealed class BatchActionDto
{
    public string? ActionId { get; set; }

    public string? Email { get; set; }

    public string? Channel { get; set; }

    public int? Step { get; set; }

    public int? Day { get; set; }
}

/// <summary>Source-generated JSON metadata for reading batch scopes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(BatchScopeDto))]
internal sealed partial class BatchScopeJsonContext : JsonSerializerContext;
