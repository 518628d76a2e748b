using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>
/// A person at a company who might be contacted. Immutable; every optional field may be absent,
/// in which case it contributes nothing to the score.
/// </summary>
public sealed record Lead
{
    /// <summary>Work email address as received (not yet canonicalized).</summary>
    public string? Email { get; init; }

    /// <summary>Given name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Family name.</summary>
    public string? LastName { get; init; }

    /// <summary>Job title as written by the person, e.g. "Founder &amp; CEO".</summary>
    public string? Title { get; init; }

    /// <summary>Public LinkedIn profile URL.</summary>
    public string? LinkedInUrl { get; init; }

    /// <summary>IANA time zone of the person (e.g. <c>Europe/Berlin</c>), used for send windows.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The person's company.</summary>
    public Company? Company { get; init; }

    /// <summary>Buying-intent signals.</summary>
    public IntentSignals? Intent { get; init; }

    /// <summary>Where the lead came from.</summary>
    public LeadSource? Source { get; init; }
}
