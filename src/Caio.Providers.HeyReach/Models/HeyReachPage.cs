using System.Text.Json.Serialization;

namespace Caio.Providers.HeyReach;

/// <summary>One page of an offset-paginated list.</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed record HeyReachPage<T>
{
    /// <summary>Total items.</summary>
    [JsonPropertyName("totalCount")]
    public int TotalCount { get; init; }

    /// <summary>Items.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<T> Items { get; init; } = [];
}
