using System.Text.Json.Serialization;

namespace Caio.Pipeline;

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
