using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>One fact known about a lead, and where it came from, as a reviewer sees it.</summary>
/// <param name="Name">The fact, e.g. <c>employees</c>, <c>industry</c>, <c>timeZone</c> (the lead file's field name).</param>
/// <param name="Value">The value as text.</param>
/// <param name="Source"><c>input</c> (the lead as received from the file or source) or <c>enrichment:&lt;provider&gt;</c>.</param>
public sealed record LeadFact(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("source")] string Source)
{
    /// <summary>The source of a fact the lead arrived with.</summary>
    public const string InputSource = "input";

    /// <summary>The source prefix of a fact an enrichment provider added (<c>enrichment:&lt;provider&gt;</c>).</summary>
    public const string EnrichmentSourcePrefix = "enrichment:";
}
