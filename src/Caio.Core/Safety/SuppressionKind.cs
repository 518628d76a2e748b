using System.Text.Json.Serialization;

namespace Caio.Safety;

/// <summary>What a suppression stops. Wire names are snake_case.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<SuppressionKind>))]
public enum SuppressionKind
{
    /// <summary>The recipient unsubscribed (<c>suppressed_unsubscribed</c>).</summary>
    [JsonStringEnumMemberName("unsubscribe")]
    Unsubscribe,

    /// <summary>The address hard-bounced (<c>suppressed_hard_bounce</c>).</summary>
    [JsonStringEnumMemberName("hard_bounce")]
    HardBounce,

    /// <summary>Every address at the domain or under it (<c>blocked_domain</c>).</summary>
    [JsonStringEnumMemberName("domain")]
    Domain,

    /// <summary>The address, blocked by hand (<c>blocked_email</c>).</summary>
    [JsonStringEnumMemberName("address")]
    Address,

    /// <summary>The address soft-bounced the configured number of times (<c>suppressed_soft_bounce</c>); recorded by bounces only, listed but not added by hand.</summary>
    [JsonStringEnumMemberName("soft_bounce")]
    SoftBounce,
}
