namespace Caio.Diagnostics;

/// <summary>Names of the instruments on Caio's meter (<see cref="CaioTelemetry.Name"/>). These names and their tags are stable.</summary>
public static class CaioInstruments
{
    /// <summary>Counter of settled send actions of live operator runs; tags <c>caio.channel</c>, <c>caio.outcome</c> (<c>sent</c>, <c>deferred</c>, <c>refused</c>, <c>maybe_sent</c>, <c>failed</c>).</summary>
    public const string Sends = "caio.dispatch.sends";

    /// <summary>Counter of sends a safety layer refused or deferred in a live run; tags <c>caio.guard</c> (the layer), <c>caio.reason</c> (the reason code).</summary>
    public const string Refusals = "caio.safety.refusals";

    /// <summary>Counter of leads per pipeline stage; tags <c>caio.stage</c>, <c>caio.outcome</c> (<c>passed</c>, <c>filtered</c>, <c>failed</c>).</summary>
    public const string PipelineLeads = "caio.pipeline.leads";

    /// <summary>Histogram of the time a pipeline stage was busy in one run, in seconds; tag <c>caio.stage</c>.</summary>
    public const string StageDuration = "caio.pipeline.stage.duration";

    /// <summary>Gauge of review items per status, recorded whenever the queue is counted; tag <c>caio.status</c>.</summary>
    public const string QueueDepth = "caio.review.queue.depth";

    /// <summary>Histogram of provider call latency in seconds; tags <c>caio.provider</c>, <c>caio.operation</c>, <c>caio.outcome</c>. Recorded by provider packages through <see cref="CaioMetrics.RecordProviderCall"/>.</summary>
    public const string ProviderDuration = "caio.provider.duration";
}
