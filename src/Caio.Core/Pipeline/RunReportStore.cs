using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.State;

namespace Caio.Pipeline;

/// <summary>Run reports on the state abstraction: <c>runs:report:&lt;runId&gt;</c> plus an index by start time.</summary>
/// <param name="store">State backend.</param>
public sealed class RunReportStore(IStateStore store) : IRunReportStore
{
    private const string Index = "runs:by-start";

    /// <inheritdoc />
    public async Task SaveAsync(RunReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await store.PutAsync(Key(report.RunId), JsonSerializer.SerializeToUtf8Bytes(report, RunReportJsonContext.Default.RunReport), null, cancellationToken).ConfigureAwait(false);
        await store.IndexAddAsync(Index, report.RunId, report.StartedAt.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RunReport?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var entry = await store.GetAsync(Key(runId), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : JsonSerializer.Deserialize(entry.Value.Span, RunReportJsonContext.Default.RunReport);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunReport>> ListRecentAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var all = await store.IndexRangeAsync(Index, double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var reports = new List<RunReport>(Math.Min(count, all.Count));
        for (var i = all.Count - 1; i >= 0 && reports.Count < count; i--)
        {
            if (await GetAsync(all[i].Member, cancellationToken).ConfigureAwait(false) is { } report)
            {
                reports.Add(report);
            }
        }

        return reports;
    }

    private static string Key(string runId) => "runs:report:" + runId;
}
