using System.Threading.Channels;
using Caio.Engagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Webhooks;

/// <summary>
/// Processes accepted webhooks after they were answered: on a signal from the endpoint, and on a poll that
/// also finds events a restart left in the inbox. A provider's parser turns the body into an engagement
/// event for <see cref="EngagementApplier"/>; bodies without a parser (Clay, RB2B enrichment and visitor
/// data) are kept as accepted. A failing event stays in the inbox and is retried on the next poll.
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

    /// <summary>Processes up to one page of the inbox; returns how many events were completed.</summary>
    internal async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var completed = 0;
        foreach (var key in await inbox.PendingAsync(256, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await inbox.ReadAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry)
                {
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
                completed++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogEventFailed(logger, key, ex);
            }
        }

        return completed;
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error, Message = "Webhook inbox event {Key} could not be processed; it stays in the inbox and is retried.")]
    private static partial void LogEventFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "Reading the webhook inbox failed; retrying on the next poll.")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);
}
