using System.Text.Json.Serialization;

namespace Caio.Providers.Instantly;

/// <summary>One lead a bulk add created.</summary>
/// <param name="Id">Lead id.</param>
/// <param name="Email">Address.</param>
/// <param name="Index">Position in the request.</param>
public sealed record InstantlyCreatedLead(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("index")] int Index);
