using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using Caio.Leads;
using Caio.Sourcing;

namespace Caio.Pipeline;

public sealed partial class PipelineRunner
{
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
}
