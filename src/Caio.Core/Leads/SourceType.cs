using System.Text.Json.Serialization;

namespace Caio.Leads;

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
