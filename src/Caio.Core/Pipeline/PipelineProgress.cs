using System.Text.Json.Serialization;

namespace Caio.Pipeline;

/// <summary>A snapshot of a running pipeline, for progress display.</summary>
/// <param name="Sourced">Leads read so far.</param>
/// <param name="Completed">Leads that left the last stage so far.</param>
/// <param name="Failed">Failures so far.</param>
/// <param name="Limit">The requested limit.</param>
public readonly record struct PipelineProgress(long Sourced, long Completed, long Failed, int Limit);
