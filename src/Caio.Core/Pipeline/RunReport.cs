using System.Text.Json.Serialization;
using Caio.Serialization;

namespace Caio.Pipeline;

/// <summary>
/// What a pipeline run did: written to the state store at the end of every run and printed by
/// <c>pipeline --json</c>. Field names are a contract operators script against.
/// </summary>
public sealed record RunReport
{
    /// <summary>Run id, <c>run_YYYYMMDD_HHMMSS_xxxxxx</c> (UTC).</summary>
    [JsonPropertyName("runId")]
    public required string RunId { get; init; }

    /// <summary>The run's mode; written <c>sandbox</c> or <c>production</c>.</summary>
    [JsonPropertyName("mode")]
    [JsonConverter(typeof(SnakeCaseEnumConverter<PipelineMode>))]
    public required PipelineMode Mode { get; init; }

    /// <summary>Name of the lead source.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>How the run ended; written <c>completed</c>, <c>failed</c> (a stage aborted the run) or <c>cancelled</c>.</summary>
    [JsonPropertyName("status")]
    public required RunReportStatus Status { get; init; }

    /// <summary>Start time (UTC).</summary>
    [JsonPropertyName("startedAt")]
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>End time (UTC).</summary>
    [JsonPropertyName("finishedAt")]
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Per-stage counters and timings, in pipeline order.</summary>
    [JsonPropertyName("stages")]
    public required IReadOnlyList<StageReport> Stages { get; init; }

    /// <summary>How many scored leads fell in each tier (<c>tier_1</c> … <c>tier_4</c>).</summary>
    [JsonPropertyName("tiers")]
    public required IReadOnlyDictionary<string, long> Tiers { get; init; }

    /// <summary>Share of leads that the enrichment stage completed with at least one fact, 0–1.</summary>
    [JsonPropertyName("enrichmentRate")]
    public double EnrichmentRate { get; init; }

    /// <summary>
    /// Enrichment per provider of the waterfall (name, leads asked about, leads enriched, rate). Empty when
    /// no provider is configured: leads then pass unenriched and score on the facts they have.
    /// </summary>
    [JsonPropertyName("enrichmentProviders")]
    public IReadOnlyList<EnrichmentProviderReport> EnrichmentProviders { get; init; } = [];

    /// <summary>Per-lead failures and the reason a run aborted (capped; see <see cref="ErrorCount"/>).</summary>
    [JsonPropertyName("errors")]
    public required IReadOnlyList<RunError> Errors { get; init; }

    /// <summary>Total number of errors, including those beyond the reported cap.</summary>
    [JsonPropertyName("errorCount")]
    public long ErrorCount { get; init; }

    /// <summary>Why leads stopped without error, by reason code (e.g. <c>disqualified</c>, <c>tier_4</c>).</summary>
    [JsonPropertyName("filtered")]
    public IReadOnlyDictionary<string, long> Filtered { get; init; } = new Dictionary<string, long>();

    /// <summary>What the source read: records read, imported and skipped (by reason), and whether <c>--limit</c> cut it short.</summary>
    [JsonPropertyName("records")]
    public RecordCounts? Records { get; init; }
}
