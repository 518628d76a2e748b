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

/// <summary>Buying-intent signals attached to a lead.</summary>
public sealed record IntentSignals
{
    /// <summary>Number of visits to the website.</summary>
    public int SiteVisits { get; init; }

    /// <summary>Number of content downloads.</summary>
    public int ContentDownloads { get; init; }

    /// <summary>Number of visits to the pricing page.</summary>
    public int PricingPageVisits { get; init; }

    /// <summary>Whether the person requested a demo.</summary>
    public bool DemoRequested { get; init; }
}

/// <summary>Origin of a lead: the kind of signal and the named source.</summary>
public sealed record LeadSource
{
    /// <summary>The kind of signal that surfaced the lead.</summary>
    public SourceType Type { get; init; } = SourceType.Import;

    /// <summary>The source's name, e.g. the event or the import file.</summary>
    public string? Name { get; init; }
}

/// <summary>The kind of signal that surfaced a lead. Wire names are snake_case.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<SourceType>))]
public enum SourceType
{
    /// <summary>Imported from a file or another system.</summary>
    [JsonStringEnumMemberName("import")]
    Import = 0,

    /// <summary>Commented on a relevant post.</summary>
    [JsonStringEnumMemberName("post_commenter")]
    PostCommenter,

    /// <summary>Attended an event.</summary>
    [JsonStringEnumMemberName("event_attendee")]
    EventAttendee,

    /// <summary>Follows a competitor.</summary>
    [JsonStringEnumMemberName("competitor_follower")]
    CompetitorFollower,

    /// <summary>Visited the website (identified visitor).</summary>
    [JsonStringEnumMemberName("website_visitor")]
    WebsiteVisitor,

    /// <summary>Downloaded content.</summary>
    [JsonStringEnumMemberName("content_downloader")]
    ContentDownloader,

    /// <summary>Requested a demo.</summary>
    [JsonStringEnumMemberName("demo_requester")]
    DemoRequester,

    /// <summary>Registered for a webinar.</summary>
    [JsonStringEnumMemberName("webinar_registrant")]
    WebinarRegistrant,

    /// <summary>Found through a people search.</summary>
    [JsonStringEnumMemberName("search")]
    Search,
}
