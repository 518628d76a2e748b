using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using Caio.Diagnostics;
using Caio.Internal;
using Caio.Leads;
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

        var status = recorder.AbortReason is not null ? "failed"
            : cancellationToken.IsCancellationRequested ? "cancelled"
            : "completed";
        var finishedAt = _timeProvider.GetUtcNow();
        var stageReports = new List<StageReport>(stages.Count + 1) { recorder.ToStageReport(0, "source", _timeProvider) };
        for (var i = 0; i < stages.Count; i++)
        {
            stageReports.Add(recorder.ToStageReport(i + 1, stages[i].Name, _timeProvider));
        }

        var report = new RunReport
        {
            RunId = runId,
            Mode = request.Mode == PipelineMode.Sandbox ? "sandbox" : "production",
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
        activity?.SetTag("caio.run.status", status);
        LogRunFinished(runId, status, recorder.Sourced, (finishedAt - startedAt).TotalMilliseconds);

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

    private async Task PumpSourceAsync(
        ILeadSource source,
        PipelineRequest request,
        ChannelWriter<object>? writer,
        RunRecorder recorder,
        IProgress<PipelineProgress>? progress,
        CancellationTokenSource cts)
    {
        var counters = recorder.Stage(0);
        var interval = _options.ProgressInterval;
        try
        {
            var produced = 0;
            var enumerator = source.ReadAsync(request, cts.Token).GetAsyncEnumerator(cts.Token);
            await using (enumerator.ConfigureAwait(false))
            {
                while (produced < request.Limit)
                {
                    var started = _timeProvider.GetTimestamp();
                    var more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    Interlocked.Add(ref counters.ElapsedTicks, _timeProvider.GetTimestamp() - started);
                    if (!more)
                    {
                        break;
                    }

                    var record = enumerator.Current;
                    produced++;
                    Interlocked.Increment(ref counters.In);
                    if (record.Lead is { } lead)
                    {
                        Interlocked.Increment(ref counters.Out);
                        if (writer is not null)
                        {
                            await writer.WriteAsync(lead, cts.Token).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref counters.Failed);
                        recorder.AddError("source", record.Subject, record.Error ?? "invalid record");
                        recorder.AddSkipped(record.Error ?? "invalid record");
                    }

                    if (progress is not null && produced % interval == 0)
                    {
                        progress.Report(recorder.Progress(request.Limit));
                    }
                }

                // Never stop silently at the limit: look one record ahead and say that there was more.
                recorder.StoppedAtLimit = produced == request.Limit && await enumerator.MoveNextAsync().ConfigureAwait(false);
            }

            progress?.Report(recorder.Progress(request.Limit));
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Abort(recorder, "source", ex, cts);
            throw;
        }
        finally
        {
            writer?.TryComplete();
        }
    }

    private int WorkersFor(IPipelineStage stage) =>
        stage.IsThreadSafe && stage is not IBatchingPipelineStage ? _options.StageConcurrency : 1;

    private async Task RunStageAsync(
        IPipelineStage stage,
        int workers,
        int index,
        PipelineContext context,
        ChannelReader<object> reader,
        ChannelWriter<object>? writer,
        RunRecorder recorder,
        CancellationTokenSource cts)
    {
        try
        {
            var pumps = new Task[workers];
            for (var w = 0; w < workers; w++)
            {
                pumps[w] = Task.Run(() => PumpStageAsync(stage, index, context, reader, writer, recorder, cts), CancellationToken.None);
            }

            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
        finally
        {
            writer?.TryComplete();
        }
    }

    private async Task PumpStageAsync(
        IPipelineStage stage,
        int index,
        PipelineContext context,
        ChannelReader<object> reader,
        ChannelWriter<object>? writer,
        RunRecorder recorder,
        CancellationTokenSource cts)
    {
        var counters = recorder.Stage(index);
        var batching = stage as IBatchingPipelineStage;
        try
        {
            while (await reader.WaitToReadAsync(cts.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    Interlocked.Increment(ref counters.In);
                    var started = _timeProvider.GetTimestamp();
                    var outcome = await stage.ProcessAsync(item, context, cts.Token).ConfigureAwait(false);
                    Interlocked.Add(ref counters.ElapsedTicks, _timeProvider.GetTimestamp() - started);
                    await RecordOutcomeAsync(stage, outcome, counters, writer, recorder, cts.Token).ConfigureAwait(false);
                    if (batching is not null)
                    {
                        await DrainAsync(batching, final: false, context, counters, writer, recorder, cts.Token).ConfigureAwait(false);
                    }
                }
            }

            if (batching is not null)
            {
                await DrainAsync(batching, final: true, context, counters, writer, recorder, cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Abort(recorder, stage.Name, ex, cts);
            throw;
        }
    }

    private async ValueTask DrainAsync(IBatchingPipelineStage stage, bool final, PipelineContext context, StageCounters counters, ChannelWriter<object>? writer, RunRecorder recorder, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var outcomes = await stage.DrainAsync(final, context, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref counters.ElapsedTicks, _timeProvider.GetTimestamp() - started);
        foreach (var outcome in outcomes)
        {
            await RecordOutcomeAsync(stage, outcome, counters, writer, recorder, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask RecordOutcomeAsync(IPipelineStage stage, StageOutcome outcome, StageCounters counters, ChannelWriter<object>? writer, RunRecorder recorder, CancellationToken cancellationToken)
    {
        switch (outcome.Kind)
        {
            case StageOutcomeKind.Passed:
                Interlocked.Increment(ref counters.Out);
                if (writer is not null)
                {
                    await writer.WriteAsync(outcome.Value!, cancellationToken).ConfigureAwait(false);
                }

                break;
            case StageOutcomeKind.Filtered:
                recorder.AddFiltered(outcome.Reason ?? "filtered");
                break;
            case StageOutcomeKind.Held:
                break;
            default:
                Interlocked.Increment(ref counters.Failed);
                recorder.AddError(stage.Name, outcome.Subject, outcome.Reason ?? "failed");
                break;
        }
    }

    private void Abort(RunRecorder recorder, string stage, Exception ex, CancellationTokenSource cts)
    {
        recorder.SetAbort(stage, ex.Message);

        // Unusable input is the caller's to report (RunAsync rethrows it); a logged stack trace would bury it.
        if (ex is not LeadImportException)
        {
            LogStageAborted(ex, stage);
        }

        cts.Cancel();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Pipeline run {RunId} starting: mode {Mode}, source {Source}, limit {Limit}")]
    private partial void LogRunStarting(string runId, PipelineMode mode, string source, int limit);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Pipeline run {RunId} {Status}: {Sourced} leads sourced in {ElapsedMs:F0} ms")]
    private partial void LogRunFinished(string runId, string status, long sourced, double elapsedMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Pipeline stage {Stage} failed; the run is aborted")]
    private partial void LogStageAborted(Exception exception, string stage);

    private sealed class StageCounters
    {
        public long In;
        public long Out;
        public long Failed;
        public long ElapsedTicks;
    }

    private sealed class RunRecorder(int stageCount, int maxErrors)
    {
        private readonly StageCounters[] _stages = [.. Enumerable.Range(0, stageCount).Select(_ => new StageCounters())];
        private readonly Lock _gate = new();
        private readonly List<RunError> _errors = [];
        private readonly Dictionary<string, long> _filtered = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
        private long _errorCount;

        public string? AbortReason { get; private set; }

        public IReadOnlyList<RunError> Errors
        {
            get
            {
                lock (_gate)
                {
                    return [.. _errors];
                }
            }
        }

        public long ErrorCount => Interlocked.Read(ref _errorCount);

        public long Sourced => Interlocked.Read(ref _stages[0].In);

        public StageCounters Stage(int index) => _stages[index];

        public void AddError(string stage, string? subject, string message)
        {
            Interlocked.Increment(ref _errorCount);
            lock (_gate)
            {
                if (_errors.Count < maxErrors)
                {
                    _errors.Add(new RunError(stage, subject, message));
                }
            }
        }

        public void AddFiltered(string reason)
        {
            lock (_gate)
            {
                _filtered[reason] = _filtered.GetValueOrDefault(reason) + 1;
            }
        }

        public IReadOnlyDictionary<string, long> FilteredSnapshot()
        {
            lock (_gate)
            {
                return new SortedDictionary<string, long>(_filtered, StringComparer.Ordinal);
            }
        }

        public bool StoppedAtLimit { get; set; }

        public void AddSkipped(string reason)
        {
            lock (_gate)
            {
                _skipped[reason] = _skipped.GetValueOrDefault(reason) + 1;
            }
        }

        public RecordCounts ToRecordCounts()
        {
            var source = _stages[0];
            lock (_gate)
            {
                return new RecordCounts(Interlocked.Read(ref source.In), Interlocked.Read(ref source.Out), Interlocked.Read(ref source.Failed), new SortedDictionary<string, long>(_skipped, StringComparer.Ordinal), StoppedAtLimit);
            }
        }

        public void SetAbort(string stage, string message)
        {
            lock (_gate)
            {
                AbortReason ??= $"{stage}: {message}";
            }

            AddError(stage, null, "run aborted: " + message);
        }

        public PipelineProgress Progress(int limit)
        {
            long failed = 0;
            foreach (var stage in _stages)
            {
                failed += Interlocked.Read(ref stage.Failed);
            }

            return new PipelineProgress(
                Interlocked.Read(ref _stages[0].In),
                Interlocked.Read(ref _stages[^1].Out),
                failed,
                limit);
        }

        public StageReport ToStageReport(int index, string name, TimeProvider timeProvider)
        {
            var counters = _stages[index];
            var ms = Math.Round(counters.ElapsedTicks * 1000.0 / timeProvider.TimestampFrequency, 3);
            return new StageReport(name, counters.In, counters.Out, counters.Failed, ms);
        }
    }
}
