using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.Pipeline;

/// <summary>Persists run reports.</summary>
public interface IRunReportStore
{
    /// <summary>Saves a report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the report is durable.</returns>
    Task SaveAsync(RunReport report, CancellationToken cancellationToken = default);

    /// <summary>Reads a report by run id.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report, or <see langword="null"/>.</returns>
    Task<RunReport?> GetAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Reads the most recent reports, newest first.</summary>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reports.</returns>
    Task<IReadOnlyList<RunReport>> ListRecentAsync(int count, CancellationToken cancellationToken = default);
}
