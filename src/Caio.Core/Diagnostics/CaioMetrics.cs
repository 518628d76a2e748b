using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Caio.Dispatch;
using Caio.Pipeline;
using Caio.Review;

namespace Caio.Diagnostics;

/// <summary>
/// Caio's instruments on the meter <see cref="CaioTelemetry.Name"/>, created through the host's
/// <see cref="IMeterFactory"/> (one per service provider, so tests observe only their own host).
/// Core records sends, refusals, pipeline stages and queue depth itself; provider packages record
/// their call latency with <see cref="RecordProviderCall"/>.
/// </summary>
public sealed class CaioMetrics
{
    private readonly Counter<long> _sends;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _leads;
    private readonly Histogram<double> _stageDuration;
    private readonly Gauge<long> _queueDepth;
    private readonly Histogram<double> _providerDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public CaioMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(new MeterOptions(CaioTelemetry.Name) { Version = typeof(CaioMetrics).Assembly.GetName().Version?.ToString() });
        _sends = meter.CreateCounter<long>(CaioInstruments.Sends, "{action}", "Settled send actions of live operator runs.");
        _refusals = meter.CreateCounter<long>(CaioInstruments.Refusals, "{action}", "Sends a safety layer refused or deferred in a live run.");
        _leads = meter.CreateCounter<long>(CaioInstruments.PipelineLeads, "{lead}", "Leads per pipeline stage and outcome.");
        _stageDuration = meter.CreateHistogram<double>(CaioInstruments.StageDuration, "s", "Time a pipeline stage was busy in one run.");
        _queueDepth = meter.CreateGauge<long>(CaioInstruments.QueueDepth, "{item}", "Review items per status when the queue was last counted.");
        _providerDuration = meter.CreateHistogram<double>(CaioInstruments.ProviderDuration, "s", "Latency of provider calls.");
    }

    /// <summary>
    /// Records one provider call's latency (the hook for provider packages): <paramref name="provider"/>
    /// is the provider's name (<c>instantly</c>), <paramref name="operation"/> what was called (<c>send</c>,
    /// <c>enrich</c>), <paramref name="outcome"/> <c>ok</c>, <c>error</c> or <c>timeout</c>.
    /// </summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="outcome">The outcome.</param>
    /// <param name="duration">How long the call took.</param>
    [Experimental(Experiments.ProviderTelemetry)]
    public void RecordProviderCall(string provider, string operation, string outcome, TimeSpan duration) =>
        _providerDuration.Record(duration.TotalSeconds, new("caio.provider", provider), new("caio.operation", operation), new("caio.outcome", outcome));

    internal void SendSettled(ActionOutcome outcome) =>
        _sends.Add(1, new("caio.channel", outcome.Channel), new("caio.outcome", outcome.Outcome.ToWireName()));

    internal void Refused(string? guard, Caio.Safety.ReasonCode? reason) =>
        _refusals.Add(1, new("caio.guard", guard ?? "unknown"), new("caio.reason", reason?.ToString() ?? "unknown"));

    internal void PipelineCompleted(RunReport report)
    {
        foreach (var stage in report.Stages)
        {
            var stageTag = new KeyValuePair<string, object?>("caio.stage", stage.Name);
            _leads.Add(stage.Out, stageTag, new("caio.outcome", "passed"));
            _leads.Add(stage.Failed, stageTag, new("caio.outcome", "failed"));
            _leads.Add(Math.Max(0, stage.In - stage.Out - stage.Failed), stageTag, new("caio.outcome", "filtered"));
            _stageDuration.Record(stage.DurationMs / 1000, stageTag);
        }
    }

    internal void QueueCounted(IReadOnlyDictionary<ReviewStatus, long> counts)
    {
        foreach (var (status, count) in counts)
        {
            _queueDepth.Record(count, new KeyValuePair<string, object?>("caio.status", status.ToWireName()));
        }
    }

    /// <summary>Adds the outcome of an action to its span and ends it.</summary>
    internal static void Settle(Activity? activity, ActionOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("caio.channel", outcome.Channel);
        activity.SetTag("caio.outcome", outcome.Outcome.ToWireName());
        activity.SetTag("caio.reason", outcome.Reason?.ToString());
        if (outcome.Outcome is ActionOutcomes.MaybeSent)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome.Reason?.ToString());
        }
    }
}
