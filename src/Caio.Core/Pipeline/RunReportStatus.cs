using System.Text.Json.Serialization;
using Caio.Serialization;

namespace Caio.Pipeline;

/// <summary>How a pipeline run ended (<see cref="RunReport.Status"/>); written <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RunReportStatus>))]
public enum RunReportStatus
{
    /// <summary>Every stage ran: <c>completed</c>.</summary>
    Completed,

    /// <summary>A stage aborted the run: <c>failed</c>.</summary>
    Failed,

    /// <summary>The run was cancelled: <c>cancelled</c>.</summary>
    Cancelled,
}
