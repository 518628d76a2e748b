using System.Text.Json.Serialization;
using Caio.Batches;

namespace Caio.Dispatch;

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
    public Caio.Safety.ReasonCode? Reason { get; init; }

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
