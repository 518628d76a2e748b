using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>The system's operating status.</summary>
public sealed record CaioStatus
{
    /// <summary>When it was read.</summary>
    [JsonPropertyName("at")]
    public DateTimeOffset At { get; init; }

    /// <summary>Emergency stop.</summary>
    [JsonPropertyName("emergencyStop")]
    public required EmergencyStopView EmergencyStop { get; init; }

    /// <summary><see cref="OperatingMode.Shadow"/> (nothing is sent) or <see cref="OperatingMode.DryRunByDefault"/> (live needs <c>--live</c>); written <c>shadow</c> or <c>dry_run_by_default</c>.</summary>
    [JsonPropertyName("mode")]
    public required OperatingMode Mode { get; init; }

    /// <summary>Rollout phase.</summary>
    [JsonPropertyName("rolloutPhase")]
    public required Caio.Hosting.RolloutPhase RolloutPhase { get; init; }

    /// <summary>Ramp progress (clean days so far).</summary>
    [JsonPropertyName("ramp")]
    public required RampProgress Ramp { get; init; }

    /// <summary>Cap usage per window.</summary>
    [JsonPropertyName("caps")]
    public required IReadOnlyList<CapView> Caps { get; init; }

    /// <summary>Time zone of day and month boundaries.</summary>
    [JsonPropertyName("capTimeZone")]
    public required string CapTimeZone { get; init; }

    /// <summary>Review items per status.</summary>
    [JsonPropertyName("queue")]
    public required IReadOnlyDictionary<string, long> Queue { get; init; }

    /// <summary>Batches per status.</summary>
    [JsonPropertyName("batches")]
    public required IReadOnlyDictionary<string, long> Batches { get; init; }

    /// <summary>Sends today (UTC): handed to the provider, and of those, confirmed by the provider.</summary>
    [JsonPropertyName("sendsToday")]
    public required SendCountsView SendsToday { get; init; }

    /// <summary>Send refusals and deferrals today (UTC) by reason code: why things are not going out.</summary>
    [JsonPropertyName("refusalsToday")]
    public required IReadOnlyDictionary<string, long> RefusalsToday { get; init; }

    /// <summary>Sends awaiting reconciliation.</summary>
    [JsonPropertyName("maybeSent")]
    public required IReadOnlyList<MaybeSentView> MaybeSent { get; init; }
}
