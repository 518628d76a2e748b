using System.Diagnostics;

namespace Caio.Diagnostics;

/// <summary>
/// The stable names of Caio's telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/>. Subscribe with
/// OpenTelemetry's <c>AddMeter(CaioTelemetry.Name)</c> and <c>AddSource(CaioTelemetry.Name)</c>.
/// The instruments are listed in <see cref="CaioInstruments"/>; the repository's <c>docs/telemetry.md</c>
/// describes each with its tags.
/// </summary>
public static class CaioTelemetry
{
    /// <summary>The name of Caio's meter and activity source: <c>Caio</c>.</summary>
    public const string Name = "Caio";

    /// <summary>Span of one pipeline run (tags <c>caio.run.id</c>, <c>caio.pipeline.mode</c>).</summary>
    public const string PipelineRunActivity = "caio.pipeline.run";

    /// <summary>Span of one batch execution by the operator (tag <c>caio.batch.id</c>).</summary>
    public const string BatchActivity = "caio.dispatch.batch";

    /// <summary>Span of one action's send protocol (tags <c>caio.batch.id</c>, <c>caio.action.id</c>, <c>caio.channel</c>, <c>caio.outcome</c>, <c>caio.reason</c>).</summary>
    public const string SendActivity = "caio.dispatch.send";

    /// <summary>The activity source every Caio span starts from.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(CaioTelemetry).Assembly.GetName().Version?.ToString());
}
