using System.Text.Json.Serialization;

namespace Caio.Providers.Instantly;

/// <summary>The answer of a bulk lead add.</summary>
public sealed record InstantlyLeadAddResult
{
    /// <summary><c>success</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Leads in the request.</summary>
    [JsonPropertyName("total_sent")]
    public int TotalSent { get; init; }

    /// <summary>Leads added.</summary>
    [JsonPropertyName("leads_uploaded")]
    public int LeadsUploaded { get; init; }

    /// <summary>Leads on the blocklist.</summary>
    [JsonPropertyName("in_blocklist")]
    public int InBlocklist { get; init; }

    /// <summary>Leads already present.</summary>
    [JsonPropertyName("duplicated_leads")]
    public int DuplicatedLeads { get; init; }

    /// <summary>Leads skipped by the skip flags.</summary>
    [JsonPropertyName("skipped_count")]
    public int SkippedCount { get; init; }

    /// <summary>Invalid addresses.</summary>
    [JsonPropertyName("invalid_email_count")]
    public int InvalidEmailCount { get; init; }

    /// <summary>Incomplete leads.</summary>
    [JsonPropertyName("incomplete_count")]
    public int IncompleteCount { get; init; }

    /// <summary>Duplicate addresses within the request.</summary>
    [JsonPropertyName("duplicate_email_count")]
    public int DuplicateEmailCount { get; init; }

    /// <summary>The leads created, with their ids.</summary>
    [JsonPropertyName("created_leads")]
    public IReadOnlyList<InstantlyCreatedLead> CreatedLeads { get; init; } = [];
}
