using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>Origin of a lead: the kind of signal and the named source.</summary>
public sealed record LeadSource
{
    /// <summary>The kind of signal that surfaced the lead.</summary>
    public SourceType Type { get; init; } = SourceType.Import;

    /// <summary>The source's name, e.g. the event or the import file.</summary>
    public string? Name { get; init; }
}
