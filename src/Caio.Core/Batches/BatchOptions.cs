using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>Options of dispatch batches, bound from <c>Caio:Batches</c>.</summary>
public sealed class BatchOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Batches";

    /// <summary>How long a batch may wait for approval and execution (default 24 hours).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Maximum items per batch (default 500).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxItems { get; set; } = 500;
}

/// <summary>Source-generated JSON metadata for batches.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DispatchBatch))]
[JsonSerializable(typeof(string))]
internal sealed partial class DispatchBatchJsonContext : JsonSerializerContext;
