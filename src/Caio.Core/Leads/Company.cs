using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>Firmographic facts about a lead's company.</summary>
public sealed record Company
{
    /// <summary>Company name.</summary>
    public string? Name { get; init; }

    /// <summary>Primary web domain, e.g. <c>example.com</c>.</summary>
    public string? Domain { get; init; }

    /// <summary>Number of employees, when known.</summary>
    public int? Employees { get; init; }

    /// <summary>Industry as free text, matched on words and phrases.</summary>
    public string? Industry { get; init; }

    /// <summary>Technologies the company is known to use.</summary>
    public IReadOnlyList<string>? TechStack { get; init; }
}
