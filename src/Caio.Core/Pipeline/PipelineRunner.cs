using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using Caio.Diagnostics;
using Caio.Internal;
using Caio.Leads;
using Caio.Serialization;
using Caio.Sourcing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.Pipeline;

/// <summary>
/// Runs a pipeline: streams leads from a source through the stages of the run's mode, connected
/// by bounded channels (memory does not grow with the number of leads), counts and times every
/// stage, and persists the run report.
/// </summary>
public sealed partial class PipelineRunner
{
    private readonly IReadOnlyList<ILeadSource> _sources;
    private readonly SandboxLeadSource _sandboxSource;
    private readonly IPipelineStagesProvider _stagesProvider;
    private readonly IRunReportStore _reports;
    private readonly TimeProvider _timeProvider;
    private readonly PipelineOptions _options;
    private readonly ILogger<PipelineRunner> _logger;
    private readonly CaioMetrics? _metrics;

    /// <summary>Creates a runner.</summary>
    /// <param name="sources">Registered lead sources (production and sandbox runs select them by name).</param>
    /// <param name="sandboxSource">The sandbox generator: the default source of sandbox runs, never used by production runs.</param>
    /// <param name="stagesProvider">Supplies the stages of a run.</param>
    /// <param name="reports">Where run reports are persisted.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="options">Runner tuning.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="metrics">Caio's instruments; <see langword="null"/> records no metrics.</param>
    public PipelineRunner(
        IEnumerable<ILeadSource> sources,
        SandboxLeadSource sandboxSource,
        IPipelineStagesProvider stagesProvider,
        IRunReportStore reports,
        TimeProvider timeProvider,
        IOptions<PipelineOptions> options,
        ILogger<PipelineRunner> logger,
        CaioMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        _sources = [.. sources];
        _sandboxSource = sandboxSource ?? throw new ArgumentNullException(nameof(sandboxSource));
        _stagesProvider = stagesProvider ?? throw new ArgumentNullException(nameof(stagesProvider));
        _reports = reports ?? throw new ArgumentNullException(nameof(reports));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _metrics = metrics;
    }

    /// <summary>Resolves the source a request names (an input file selects the file importer).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException">No source of that name is registered.</exception>
    public ILeadSource ResolveSource(PipelineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.InputFile is not null
            ? FileLeadSource.SourceName
            : request.SourceName ?? (request.Mode == PipelineMode.Sandbox ? SandboxLeadSource.SourceName : null);
        if (name is null)
        {
            throw new ArgumentException(
                "Production runs need a lead source: pass --source NAME or --input FILE.", nameof(request));
        }

        foreach (var source in _sources)
        {
            if (string.Equals(source.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return source;
            }
        }

        // In sandbox mode the generator is the default source, and a name no source answers to is the
        // generator reporting under that name.
        if (request.Mode == PipelineMode.Sandbox && request.InputFile is null)
        {
            return _sandboxSource;
        }

        if (string.Equals(name, SandboxLeadSource.SourceName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                "The sandbox lead generator serves sandbox mode only (--mode sandbox); production runs need --input FILE or a registered --source NAME.",
                nameof(request));
        }

        throw new ArgumentException(
            $"Unknown lead source '{name}'. Registered sources: {string.Join(", ", _sources.Select(s => s.Name))}.",
            nameof(request));
    }

    /// <summary>Runs the pipeline to the end (or until cancelled) and persists its report.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="progress">Receives progress snapshots, when given.</param>
    /// <param name="cancellationToken">Cancels the run; the report is still written, with status <c>cancelled</c>.</param>
    /// <returns>The run report.</returns>
    /// <exception cref="LeadImportException">The input file is malformed (the report, status <c>failed</c>, is still written).</exception>
    public async Task<RunReport> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit);
        var source = ResolveSource(request);
        var stages = _stagesProvider.GetStages(request);
        ValidateChain(stages);

        var startedAt = _timeProvider.GetUtcNow();
        var runId = IdGenerator.NewRunId(startedAt);
        var context = new PipelineContext(runId, request);
        var sourceName = request.InputFile is not null ? FileLeadSource.SourceName : request.SourceName ?? source.Name;
        var recorder = new RunRecorder(stages.Count + 1, _options.MaxReportedErrors);
        LogRunStarting(runId, request.Mode, sourceName, request.Limit);
        using var activity = CaioTelemetry.ActivitySource.StartActivity(CaioTelemetry.PipelineRunActivity)?.SetTag("caio.run.id", runId).SetTag("caio.pipeline.mode", request.Mode == PipelineMode.Sandbox ? "sandbox" : "production");

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = stages.Select(WorkersFor).ToArray();
        var links = new Channel<object>[stages.Count];
        for (var i = 0; i < links.Length; i++)
        {
            links[i] = Channel.CreateBounded<object>(new BoundedChannelOptions(_options.ChannelCapacity)
            {
                SingleReader = workers[i] == 1,
                SingleWriter = i == 0 || workers[i - 1] == 1,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }

        var tasks = new Task[stages.Count + 1];
        tasks[0] = Task.Run(() => PumpSourceAsync(source, request, links.Length > 0 ? links[0].Writer : null, recorder, progress, cts), CancellationToken.None);
        for (var i = 0; i < stages.Count; i++)
        {
            var index = i;
            tasks[i + 1] = RunStageAsync(stages[index], workers[index], index + 1, context, links[index].Reader, index + 1 < links.Length ? links[index + 1].Writer : null, recorder, cts);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.All(t => t.IsCompleted))
        {
            // Recorded per stage below; the report carries the reason.
        }

        var status = recorder.AbortReason is not null ? RunReportStatus.Failed
            : cancellationToken.IsCancellationRequested ? RunReportStatus.Cancelled
            : RunReportStatus.Completed;
        var finishedAt = _timeProvider.GetUtcNow();
        var stageReports = new List<StageReport>(stages.Count + 1) { recorder.ToStageReport(0, "source", _timeProvider) };
        for (var i = 0; i < stages.Count; i++)
        {
            stageReports.Add(recorder.ToStageReport(i + 1, stages[i].Name, _timeProvider));
        }

        var report = new RunReport
        {
            RunId = runId,
            Mode = request.Mode,
            Source = sourceName,
            Status = status,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Stages = stageReports,
            Tiers = context.Tiers.Snapshot(),
            EnrichmentRate = context.EnrichmentRate,
            EnrichmentProviders = context.EnrichmentProviders,
            Errors = recorder.Errors,
            ErrorCount = recorder.ErrorCount,
            Filtered = recorder.FilteredSnapshot(),
            Records = recorder.ToRecordCounts(),
        };

        await _reports.SaveAsync(report, CancellationToken.None).ConfigureAwait(false);
        _metrics?.PipelineCompleted(report);
        activity?.SetTag("caio.run.status", status.ToWireName());
        LogRunFinished(runId, status.ToWireName(), recorder.Sourced, (finishedAt - startedAt).TotalMilliseconds);

        // Unusable input is the caller's problem to fix, not a run failure: surface it as such.
        if (tasks[0].Exception?.InnerException is LeadImportException importError)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(importError).Throw();
        }

        return report;
    }

    private static void ValidateChain(IReadOnlyList<IPipelineStage> stages)
    {
        var expected = typeof(Lead);
        foreach (var stage in stages)
        {
            if (!stage.InputType.IsAssignableFrom(expected))
            {
                throw new InvalidOperationException(
                    $"Pipeline stage '{stage.Name}' accepts {stage.InputType.Name} but the previous stage emits {expected.Name}.");
            }

            expected = stage.OutputType;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Pipeline run {RunId} starting: mode {Mode}, source {Source}, limit {Limit}")]
    private partial void LogRunStarting(string runId, PipelineMode mode, string source, int limit);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Pipeline run {RunId} {Status}: {Sourced} leads sourced in {ElapsedMs:F0} ms")]
    private partial void LogRunFinished(string runId, string status, long sourced, double elapsedMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Pipeline stage {Stage} failed; the run is aborted")]
    private partial void LogStageAborted(Exception exception, string stage);
}
