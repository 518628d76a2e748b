using System.Text.Json.Serialization;

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

    /// <summary><c>sandbox</c> or <c>production</c>.</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    /// <summary>Name of the lead source.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary><c>completed</c>, <c>failed</c> (a stage aborted the run) or <c>cancelled</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

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

/// <summary>What a run's source read.</summary>
/// <param name="Read">Records read from the source (a file: every record up to the limit).</param>
/// <param name="Imported">Records passed on as leads.</param>
/// <param name="Skipped">Records skipped; each is also listed in <see cref="RunReport.Errors"/> with its lead number.</param>
/// <param name="SkippedReasons">Skipped records by reason (e.g. <c>invalid email: missing_at</c>).</param>
/// <param name="StoppedAtLimit">Whether the limit stopped the read while the source had more records.</param>
public sealed record RecordCounts(
    [property: JsonPropertyName("read")] long Read,
    [property: JsonPropertyName("imported")] long Imported,
    [property: JsonPropertyName("skipped")] long Skipped,
    [property: JsonPropertyName("skippedReasons")] IReadOnlyDictionary<string, long> SkippedReasons,
    [property: JsonPropertyName("stoppedAtLimit")] bool StoppedAtLimit);

/// <summary>Counters and timing of one stage.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="In">Items received.</param>
/// <param name="Out">Items passed on.</param>
/// <param name="Failed">Items that failed.</param>
/// <param name="DurationMs">Time spent processing items, in milliseconds.</param>
public sealed record StageReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("in")] long In,
    [property: JsonPropertyName("out")] long Out,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("durationMs")] double DurationMs);

/// <summary>One recorded failure.</summary>
/// <param name="Stage">Stage where it happened.</param>
/// <param name="Subject">Redacted identification of the lead, when any.</param>
/// <param name="Message">What went wrong.</param>
public sealed record RunError(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("message")] string Message);

/// <summary>A snapshot of a running pipeline, for progress display.</summary>
/// <param name="Sourced">Leads read so far.</param>
/// <param name="Completed">Leads that left the last stage so far.</param>
/// <param name="Failed">Failures so far.</param>
/// <param name="Limit">The requested limit.</param>
public readonly record struct PipelineProgress(long Sourced, long Completed, long Failed, int Limit);
