using System.Text.Json.Serialization;
using Caio.Batches;

namespace Caio.Dispatch;

/// <summary>The outcome of one batch.</summary>
public sealed record BatchDispatchReport
{
    /// <summary>Batch id.</summary>
    [JsonPropertyName("batchId")]
    public required string BatchId { get; init; }

    /// <summary>The batch's motion, <see langword="null"/> when the batch is not known; written <c>outbound</c>, <c>cadence</c>, <c>revival</c> or <c>?</c>.</summary>
    [JsonPropertyName("motion")]
    [JsonConverter(typeof(MotionOrUnknownJsonConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required BatchMotion? Motion { get; init; }

    /// <summary>Whether the batch was executed (live) or evaluated (dry run).</summary>
    [JsonPropertyName("executed")]
    public bool Executed { get; init; }

    /// <summary>Why the batch was refused (<see cref="BatchRefusals"/>).</summary>
    [JsonPropertyName("refusal")]
    public Caio.Safety.ReasonCode? Refusal { get; init; }

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
