using System.Threading.Channels;
using Caio.Engagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Caio.State;

namespace Caio.AspNetCore.Webhooks;

/// <summary>
/// Processes accepted webhooks after they were answered: on a signal from the endpoint, and on a poll that
/// also finds events a restart left in the inbox. A provider's parser turns the body into an engagement
/// event for <see cref="EngagementApplier"/>; bodies without a parser (Clay, RB2B enrichment and visitor
/// data) are kept as accepted. A failing event stays in the inbox and is retried later, with a growing delay, behind
/// the events that are due (<see cref="WebhookInbox.RecordFailureAsync"/>).
/// </summary>
internal sealed partial class WebhookInboxProcessor(
    WebhookInbox inbox,
    WebhookParserRegistry parsers,
    EngagementApplier applier,
    IOptions<CaioDashboardOptions> options,
    ILogger<WebhookInboxProcessor> logger) : BackgroundService
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Events processed since start (tests and diagnostics).</summary>
    public long Processed => Interlocked.Read(ref _processed);

    private long _processed;

    public void Signal() => _signal.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DrainAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDrainFailed(logger, ex);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(options.Value.InboxPollInterval);
            try
            {
                await _signal.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>At most this many due events per pass.</summary>
    internal const int PageSize = 256;

    /// <summary>From this failed attempt on, an event that keeps failing is reported again only at each power of two.</summary>
    internal const int FirstRepeatedReport = 8;

    /// <summary>
    /// Processes up to one page of the due events, oldest first; returns how many were completed or moved to a later
    /// attempt (zero when nothing is due or nothing could be done). An event that fails is moved behind the others
    /// (<see cref="WebhookInbox.RecordFailureAsync"/>), so it never holds back the events after it.
    /// </summary>
    internal async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var progress = 0;
        foreach (var due in await inbox.PendingAsync(PageSize, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await inbox.ReadAsync(due, cancellationToken).ConfigureAwait(false) is not { } entry)
                {
                    await inbox.RemoveStaleAsync(due.Member, cancellationToken).ConfigureAwait(false);
                    progress++;
                    continue;
                }

                var outcome = "accepted";
                if (parsers.Find(entry.Provider) is { } parser)
                {
                    var parsed = parser(entry.Body);
                    outcome = parsed.Status switch
                    {
                        WebhookParseStatus.Parsed => await applier.ApplyAsync(parsed.Event!, cancellationToken).ConfigureAwait(false),
                        WebhookParseStatus.Ignored => "ignored",
                        _ => "rejected: " + parsed.Reason,
                    };
                }

                await inbox.CompleteAsync(entry, outcome, options.Value.WebhookDedupeHorizon, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _processed);
                progress++;
                if (entry.Retried)
                {
                    LogEventRecovered(logger, due.Member);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                InboxFailure? failure;
                try
                {
                    failure = await inbox.RecordFailureAsync(due.Member, ex, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception recording) when (recording is not (OperationCanceledException or StateUnavailableException))
                {
                    // This event's failure record cannot be read or written: the event still moves behind the others.
                    // A store that fails for every key throws here too, which ends the pass (logged once by the caller).
                    await inbox.PostponeAsync(due.Member, cancellationToken).ConfigureAwait(false);
                    LogFailureNotRecorded(logger, due.Member, recording.Message, WebhookInbox.RetryMaxDelay, ex);
                    progress++;
                    continue;
                }

                if (failure is not null)
                {
                    progress++;
                    Report(due.Member, failure, ex);
                }
            }
        }

        return progress;
    }

    /// <summary>The first failure of an event with its exception, then only at growing intervals, so a stuck event does not flood the log.</summary>
    private void Report(string key, InboxFailure failure, Exception exception)
    {
        if (failure.Attempts == 1)
        {
            LogEventFailed(logger, key, failure.NextAttemptAt, exception);
        }
        else if (failure.Attempts >= FirstRepeatedReport && (failure.Attempts & (failure.Attempts - 1)) == 0)
        {
            LogEventStillFailing(logger, key, failure.Attempts, failure.FirstFailedAt, failure.NextAttemptAt, exception);
        }
        else
        {
            LogEventRetryFailed(logger, key, failure.Attempts, failure.NextAttemptAt, exception);
        }
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error, Message = "Webhook inbox event {Key} could not be processed; it stays in the inbox and is retried from {NextAttemptAt}.")]
    private static partial void LogEventFailed(ILogger logger, string key, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "Reading the webhook inbox failed; retrying on the next poll.")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Error, Message = "Webhook inbox event {Key} has failed {Attempts} times since {FirstFailedAt}; it stays in the inbox (listed in webhooks:failing) and is retried from {NextAttemptAt}.")]
    private static partial void LogEventStillFailing(ILogger logger, string key, int attempts, DateTimeOffset firstFailedAt, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Debug, Message = "Webhook inbox event {Key} failed again (attempt {Attempts}); retried from {NextAttemptAt}.")]
    private static partial void LogEventRetryFailed(ILogger logger, string key, int attempts, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Information, Message = "Webhook inbox event {Key} was processed after earlier failed attempts.")]
    private static partial void LogEventRecovered(ILogger logger, string key);

    [LoggerMessage(EventId = 4117, Level = LogLevel.Error, Message = "Webhook inbox event {Key} could not be processed, and its failure could not be recorded ({RecordingError}); it is retried in {Delay}.")]
    private static partial void LogFailureNotRecorded(ILogger logger, string key, string recordingError, TimeSpan delay, Exception exception);
}
