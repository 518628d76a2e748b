using System.Text.Json.Serialization;

namespace Caio.AspNetCore.Smoke;

/// <summary>The result of a smoke run, in the shape the replaced deployment's scripts print.</summary>
/// <param name="BaseUrl">The deployment checked.</param>
/// <param name="Checks">Every check, in order.</param>
public sealed record SmokeReport(
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("checks")] IReadOnlyList<SmokeCheck> Checks)
{
    /// <summary>Whether every check passed.</summary>
    [JsonPropertyName("passed")]
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}
