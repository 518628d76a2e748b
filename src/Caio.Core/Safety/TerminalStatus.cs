using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>Statuses that end all contact with a recipient. Wire names are snake_case.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<TerminalStatus>))]
public enum TerminalStatus
{
    /// <summary>The address bounced.</summary>
    [JsonStringEnumMemberName("bounced")]
    Bounced = 1,

    /// <summary>The recipient unsubscribed.</summary>
    [JsonStringEnumMemberName("unsubscribed")]
    Unsubscribed,

    /// <summary>The lead was rejected in review.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>The lead was disqualified.</summary>
    [JsonStringEnumMemberName("disqualified")]
    Disqualified,

    /// <summary>The lead was contacted by another system (e.g. legacy <c>sent_via_ghl</c>) and is excluded.</summary>
    [JsonStringEnumMemberName("sent_elsewhere")]
    SentElsewhere,

    /// <summary>The recipient replied: the sequence stops and a human takes over the conversation.</summary>
    [JsonStringEnumMemberName("replied")]
    Replied,
}
