using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>Answers "what state is the system in, and why is nothing sending?" for <c>status</c> and the dashboard.</summary>
/// <param name="safety">Safety status (stop, ramp, caps).</param>
/// <param name="queue">Review queue.</param>
/// <param name="batches">Dispatch batches.</param>
/// <param name="ledger">Send ledger.</param>
/// <param name="options">Root options.</param>
/// <param name="safetyOptions">Safety options.</param>
/// <param name="refusals">Refusal counts.</param>
/// <param name="timeProvider">Clock.</param>
public sealed class StatusService(
    SafetyStatusReader safety,
    IReviewQueue queue,
    BatchService batches,
    SendLedger ledger,
    IOptions<CaioOptions> options,
    IOptions<SafetyOptions> safetyOptions,
    RefusalStatistics refusals,
    TimeProvider timeProvider)
{
    /// <summary>Reads the status.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    public async Task<CaioStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        var status = await safety.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var queueCounts = await queue.CountAsync(cancellationToken).ConfigureAwait(false);
        var batchCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var batchStatus in Enum.GetValues<BatchStatus>())
        {
            var list = await batches.ListAsync(batchStatus, cancellationToken).ConfigureAwait(false);
            batchCounts[JsonNamingPolicyName(batchStatus)] = list.Count;
        }

        var maybeSent = await ledger.ListMaybeSentAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var sends = await ledger.CountSendsAsync(DateOnly.FromDateTime(now.UtcDateTime), cancellationToken).ConfigureAwait(false);
        return new CaioStatus
        {
            At = now,
            EmergencyStop = new EmergencyStopView(status.EmergencyStop.Stopped, status.EmergencyStop.Source.ToString().ToLowerInvariant(), status.EmergencyStop.ReasonCode, status.EmergencyStop.By, status.EmergencyStop.At, status.EmergencyStop.Reason),
            Mode = status.ShadowMode ? "shadow" : "dry_run_by_default",
            RolloutPhase = options.Value.RolloutPhase,
            Ramp = status.Ramp,
            Caps = [.. status.Caps.Select(c => new CapView(Leads.ChannelNames.Of(c.Channel), c.Window, c.Scope, c.Used, c.Limit, c.WindowEnd))],
            CapTimeZone = safetyOptions.Value.Caps.TimeZone,
            Queue = queueCounts.ToDictionary(p => p.Key.ToWireName(), p => p.Value, StringComparer.Ordinal),
            Batches = batchCounts,
            SendsToday = new SendCountsView(sends.HandedOff, sends.Confirmed),
            RefusalsToday = (await refusals.TodayAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            MaybeSent = [.. maybeSent.Select(m => new MaybeSentView(m.Entry.ItemId, m.Entry.BatchId, m.Entry.RecipientKey, m.Entry.Step, m.Entry.Channel, m.Entry.UpdatedAt, m.Entry.Detail))],
        };
    }

    private static string JsonNamingPolicyName(BatchStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The system's operating status.</summary>
public sealed record CaioStatus
{
    /// <summary>When it was read.</summary>
    [JsonPropertyName("at")]
    public DateTimeOffset At { get; init; }

    /// <summary>Emergency stop.</summary>
    [JsonPropertyName("emergencyStop")]
    public required EmergencyStopView EmergencyStop { get; init; }

    /// <summary><c>shadow</c> (nothing is sent) or <c>dry_run_by_default</c> (live needs <c>--live</c>).</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    /// <summary>Rollout phase.</summary>
    [JsonPropertyName("rolloutPhase")]
    public required string RolloutPhase { get; init; }

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

/// <summary>Emergency stop as shown by status.</summary>
/// <param name="Stopped">Whether sends are stopped.</param>
/// <param name="Source">What stopped them (<c>none</c>, <c>environment</c>, <c>configuration</c>, <c>runtime</c>, <c>unreadable</c>).</param>
/// <param name="ReasonCode">Reason code.</param>
/// <param name="By">Who switched it.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
public sealed record EmergencyStopView(
    [property: JsonPropertyName("stopped")] bool Stopped,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reasonCode")] string? ReasonCode,
    [property: JsonPropertyName("by")] string? By,
    [property: JsonPropertyName("at")] DateTimeOffset? At,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>One cap window's usage.</summary>
/// <param name="Channel">Channel.</param>
/// <param name="Window">Window name.</param>
/// <param name="Scope">Domain or mailbox for scoped windows.</param>
/// <param name="Used">Used.</param>
/// <param name="Limit">Limit (null: no cap).</param>
/// <param name="WindowEnd">When the window ends.</param>
public sealed record CapView(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("window")] string Window,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("used")] long Used,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("windowEnd")] DateTimeOffset WindowEnd);

/// <summary>Sends of one day as the ledger records them.</summary>
/// <param name="HandedToProvider">(Recipient, step) entries the provider accepted: final, never sent again.</param>
/// <param name="ConfirmedByProvider">Of those, the ones the provider has confirmed (a delivery event or a proof read).</param>
public sealed record SendCountsView(
    [property: JsonPropertyName("handedToProvider")] long HandedToProvider,
    [property: JsonPropertyName("confirmedByProvider")] long ConfirmedByProvider);

/// <summary>A send awaiting reconciliation.</summary>
/// <param name="ItemId">Review item.</param>
/// <param name="BatchId">Batch.</param>
/// <param name="RecipientKey">Recipient.</param>
/// <param name="Step">Step.</param>
/// <param name="Channel">Channel name.</param>
/// <param name="Since">Since when.</param>
/// <param name="Detail">What happened.</param>
public sealed record MaybeSentView(
    [property: JsonPropertyName("itemId")] string ItemId,
    [property: JsonPropertyName("batchId")] string BatchId,
    [property: JsonPropertyName("recipientKey")] string RecipientKey,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("detail")] string? Detail);

/// <summary>Source-generated JSON metadata for status, review items and batches (used by hosts to print them).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CaioStatus))]
[JsonSerializable(typeof(ReviewItem))]
[JsonSerializable(typeof(List<ReviewItem>))]
[JsonSerializable(typeof(DispatchBatch))]
[JsonSerializable(typeof(List<DispatchBatch>))]
public sealed partial class CaioJsonContext : JsonSerializerContext;
