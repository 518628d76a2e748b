using System.Text.Json.Serialization;
using Caio.Batches;

namespace Caio.Dispatch;

/// <summary>What an operator run did (or, in dry-run, would do).</summary>
public sealed record OperatorReport
{
    /// <summary>Motion run, <see langword="null"/> for every motion; written <c>outbound</c>, <c>cadence</c>, <c>revival</c> or <c>all</c>.</summary>
    [JsonPropertyName("motion")]
    [JsonConverter(typeof(MotionOrAllJsonConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required BatchMotion? Motion { get; init; }

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
    public Caio.Safety.ReasonCode? Refusal { get; init; }

    /// <summary>The run's refusal as the shared shape (code and its explanation); not written to JSON, which keeps <see cref="Refusal"/>.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal? RunRefusal => Caio.Safety.Refusal.From(Refusal, Note);
}
