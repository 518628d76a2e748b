using System.Text.Json.Serialization;
using Caio.Batches;

namespace Caio.Dispatch;

/// <summary>What an operator run did (or, in dry-run, would do).</summary>
public sealed record OperatorReport
{
    /// <summary>Motion(s) run: <c>outbound</c>, <c>cadence</c>, <c>revival</c> or <c>all</c>.</summary>
    [JsonPropertyName("motion")]
    public required string Motion { get; init; }

    /// <summary>Whether sends were real (<c>--live</c>) or a dry run.</summary>
    [JsonPropertyName("live")]
    public required bool Live { get; init; }

    /// <summary>One entry per batch considered.</summary>
    [JsonPropertyName("batches")]
    public required IReadOnlyList<BatchDispatchReport> Batches { get; init; }

    /// <summary>Why nothing ran, when no batch was eligible or the run was refused.</summary>
    [JsonPropertyName("note")]
    public string? Note { get; init; }

    /// <summary>
    /// Why the whole run was refused before any batch was claimed (e.g. <c>no_channel</c>: a live run
    /// without any channel to send through), or <see langword="null"/>.
    /// </summary>
    [JsonPropertyName("refusal")]
    public string? Refusal { get; init; }

    /// <summary>The run's refusal as the shared shape (code and its explanation); not written to JSON, which keeps <see cref="Refusal"/>.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal? RunRefusal => Caio.Safety.Refusal.From(Refusal, Note);
}

/// <summary>The outcome of one batch.</summary>
public sealed record BatchDispatchReport
{
    /// <summary>Batch id.</summary>
    [JsonPropertyName("batchId")]
    public required string BatchId { get; init; }

    /// <summary>Motion.</summary>
    [JsonPropertyName("motion")]
    public required string Motion { get; init; }

    /// <summary>Whether the batch was executed (live) or evaluated (dry run).</summary>
    [JsonPropertyName("executed")]
    public bool Executed { get; init; }

    /// <summary>Why the batch was refused (<see cref="BatchRefusals"/>).</summary>
    [JsonPropertyName("refusal")]
    public string? Refusal { get; init; }

    /// <summary>Refusal detail.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    /// <summary>The batch's refusal as the shared shape (code and detail); not written to JSON, which keeps <see cref="Refusal"/> and <see cref="Detail"/>.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal? BatchRefusal => Caio.Safety.Refusal.From(Refusal, Detail);

    /// <summary>Per-action outcomes.</summary>
    [JsonPropertyName("actions")]
    public IReadOnlyList<ActionOutcome> Actions { get; init; } = [];

    /// <summary>Per-channel counts.</summary>
    [JsonPropertyName("channels")]
    public IReadOnlyList<ChannelResult> Channels { get; init; } = [];

    /// <summary>Whether one channel succeeded while another failed.</summary>
    [JsonPropertyName("partial")]
    public bool Partial { get; init; }
}

/// <summary>The outcome of one action.</summary>
public sealed record ActionOutcome
{
    /// <summary>Action id.</summary>
    [JsonPropertyName("actionId")]
    public required string ActionId { get; init; }

    /// <summary>Review item.</summary>
    [JsonPropertyName("itemId")]
    public required string ItemId { get; init; }

    /// <summary>Canonical recipient key.</summary>
    [JsonPropertyName("recipientKey")]
    public required string RecipientKey { get; init; }

    /// <summary>Channel wire name.</summary>
    [JsonPropertyName("channel")]
    public required string Channel { get; init; }

    /// <summary>Sequence step.</summary>
    [JsonPropertyName("step")]
    public int Step { get; init; }

    /// <summary>
    /// <c>sent</c>, <c>would_send</c> (dry run), <c>refused</c>, <c>deferred</c>, <c>failed</c> (the provider refused)
    /// or <c>maybe_sent</c> (outcome unknown; awaits reconciliation).
    /// </summary>
    [JsonPropertyName("outcome")]
    public required ActionOutcomeKind Outcome { get; init; }

    /// <summary>Reason code of a refusal or deferral.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Detail.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    /// <summary>The reason and detail as the shared shape, or <see langword="null"/> without a reason; not written to JSON, which keeps its flat fields.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal? Refusal => Caio.Safety.Refusal.From(Reason, Detail);

    /// <summary>Earliest time a deferred action could go.</summary>
    [JsonPropertyName("deferUntil")]
    public DateTimeOffset? DeferUntil { get; init; }

    /// <summary>Provider message id of a send.</summary>
    [JsonPropertyName("messageId")]
    public string? MessageId { get; init; }

    /// <summary>In a dry run: every layer that would refuse, as <c>layer: reason</c>.</summary>
    [JsonPropertyName("findings")]
    public IReadOnlyList<string>? Findings { get; init; }
}

/// <summary>The values of <see cref="ActionOutcomeKind"/> under their established names, and their wire names.</summary>
public static class ActionOutcomes
{
    /// <summary>Sent.</summary>
    public const ActionOutcomeKind Sent = ActionOutcomeKind.Sent;

    /// <summary>Would be sent (dry run).</summary>
    public const ActionOutcomeKind WouldSend = ActionOutcomeKind.WouldSend;

    /// <summary>Refused by a safety layer or a precondition.</summary>
    public const ActionOutcomeKind Refused = ActionOutcomeKind.Refused;

    /// <summary>Deferred by a safety layer.</summary>
    public const ActionOutcomeKind Deferred = ActionOutcomeKind.Deferred;

    /// <summary>The provider refused.</summary>
    public const ActionOutcomeKind Failed = ActionOutcomeKind.Failed;

    /// <summary>Outcome unknown.</summary>
    public const ActionOutcomeKind MaybeSent = ActionOutcomeKind.MaybeSent;

    /// <summary>The wire name of an outcome, as JSON writes it.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>e.g. <c>maybe_sent</c>.</returns>
    public static string ToWireName(this ActionOutcomeKind outcome) => outcome switch
    {
        ActionOutcomeKind.Sent => "sent",
        ActionOutcomeKind.WouldSend => "would_send",
        ActionOutcomeKind.Refused => "refused",
        ActionOutcomeKind.Deferred => "deferred",
        ActionOutcomeKind.Failed => "failed",
        ActionOutcomeKind.MaybeSent => "maybe_sent",
        _ => ((int)outcome).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Result of a reconciliation pass.</summary>
/// <param name="Examined">Entries examined.</param>
/// <param name="Sent">Settled as sent.</param>
/// <param name="NotSent">Settled as not sent (the item becomes send_failed; never resent automatically).</param>
/// <param name="Unknown">Still unknown.</param>
public sealed record ReconcileReport(
    [property: JsonPropertyName("examined")] int Examined,
    [property: JsonPropertyName("sent")] int Sent,
    [property: JsonPropertyName("notSent")] int NotSent,
    [property: JsonPropertyName("unknown")] int Unknown);

/// <summary>Source-generated JSON metadata for operator reports.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OperatorReport))]
[JsonSerializable(typeof(ReconcileReport))]
public sealed partial class OperatorJsonContext : JsonSerializerContext;
