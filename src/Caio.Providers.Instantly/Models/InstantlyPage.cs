using System.Text.Json.Serialization;

namespace Caio.Providers.Instantly;

/// <summary>One page of a cursor-paginated list.</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed record InstantlyPage<T>
{
    /// <summary>Items.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<T> Items { get; init; } = [];

    /// <summary>Cursor of the next page; absent on the last page.</summary>
    [JsonPropertyName("next_starting_after")]
    public string? NextStartingAfter { get; init; }
}
