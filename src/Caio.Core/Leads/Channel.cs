using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>The channel a message goes out on.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<Channel>))]
public enum Channel
{
    /// <summary>Email.</summary>
    [JsonStringEnumMemberName("email")]
    Email,

    /// <summary>LinkedIn (connection request or message).</summary>
    [JsonStringEnumMemberName("linkedin")]
    LinkedIn,
}
