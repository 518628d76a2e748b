using System.Text.Json.Serialization;

namespace Caio.AspNetCore.Smoke;

/// <summary>One smoke check: the request made, the status seen (<see langword="null"/> on a network error) and whether it passed.</summary>
/// <param name="Name">Check name (the contract scripts' names where they exist).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">The URL or raw request target.</param>
/// <param name="Status">The HTTP status after redirects, or <see langword="null"/>.</param>
/// <param name="Passed">Whether the expectation held.</param>
/// <param name="Expectation">What passes.</param>
/// <param name="Detail">What was seen, when it helps.</param>
public sealed record SmokeCheck(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("expectation")] string Expectation,
    [property: JsonPropertyName("detail")] string? Detail = null);
