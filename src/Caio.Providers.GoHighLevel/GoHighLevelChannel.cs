using System.Net;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Providers.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.Providers.GoHighLevel;

/// <summary>
/// The <c>ghl</c> email channel for nurture and revival. Upserts the contact (idempotent), refuses a
/// contact marked do-not-contact (DND or the DNC tag), sends the approved email into the contact's
/// conversation, then reads the thread: the send counts as sent (<c>sent_via_ghl</c>) only when the
/// message is in the thread, and that read is the provider's confirmation recorded on the ledger;
/// otherwise the outcome is unknown and the operator records maybe_sent until
/// reconciliation finds it there (or establishes it is not). A message already in the thread (an
/// earlier attempt) is never sent again.
/// </summary>
public sealed partial class GoHighLevelChannel : IDispatchChannel
{
    private readonly IGoHighLevelClient _client;
    private readonly GoHighLevelOptions _options;
    private readonly ILogger<GoHighLevelChannel> _logger;
    private readonly IReadOnlySet<Caio.Batches.BatchMotion> _motions;

    /// <summary>Creates the channel.</summary>
    /// <param name="client">GoHighLevel client.</param>
    /// <param name="options">Options.</param>
    /// <param name="logger">Logger.</param>
    public GoHighLevelChannel(IGoHighLevelClient client, IOptions<GoHighLevelOptions> options, ILogger<GoHighLevelChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _motions = ChannelMotions.Parse(_options.Motions);
    }

    /// <inheritdoc />
    public string Name => ChannelNames.GoHighLevel;

    /// <inheritdoc />
    public Channel Channel => Channel.Email;

    /// <inheritdoc />
    public bool Serves(Caio.Batches.BatchMotion motion) => _motions.Contains(motion);

    /// <inheritdoc />
    public async ValueTask<ChannelSendResult> SendAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attempt = new SendAttempt();
        try
        {
            var contact = await _client.UpsertContactAsync(new GhlContactUpsert { Email = request.Email, Tags = [_options.SourceTag], Source = "caio" }, cancellationToken).ConfigureAwait(false);
            if (contact.Dnd == true || (contact.Tags ?? []).Contains(_options.DncTag, StringComparer.OrdinalIgnoreCase))
            {
                return ChannelSendResult.Failed("ghl: the contact is marked do-not-contact (DND or the " + _options.DncTag + " tag)");
            }

            if (await _client.FindConversationAsync(contact.Id, cancellationToken).ConfigureAwait(false) is { } existing
                && FindInThread(await _client.GetMessagesAsync(existing, cancellationToken).ConfigureAwait(false), request, null) is { } earlier)
            {
                return ChannelSendResult.SentAndConfirmed(MessageIdFor(earlier.Id));
            }

            var sent = await attempt.SideEffectAsync(_client.SendEmailAsync(new GhlEmail(contact.Id, request.Subject, Html(request.Body), request.Body, _options.EmailFrom), cancellationToken)).ConfigureAwait(false);
            var conversation = sent.ConversationId ?? await _client.FindConversationAsync(contact.Id, cancellationToken).ConfigureAwait(false);

            // Proof of delivery: the message must be in the thread.
            if (conversation is not null && FindInThread(await _client.GetMessagesAsync(conversation, cancellationToken).ConfigureAwait(false), request, sent.MessageId) is { } proven)
            {
                return ChannelSendResult.SentAndConfirmed(MessageIdFor(proven.Id));
            }

            LogUnconfirmed(request.ItemId, sent.MessageId ?? "none");
            throw new CaioApiException(ChannelNames.GoHighLevel, HttpStatusCode.OK, "ghl accepted the email but it is not in the conversation thread yet; reconciliation decides", "delivery_unconfirmed");
        }
        catch (CaioApiException ex) when (attempt.TrySettle(ex, ex.IsDefinite, out var settled))
        {
            LogRefused(request.ItemId, ex.Describe());
            return settled;
        }
    }

    /// <inheritdoc />
    public async ValueTask<DeliveryCheck> CheckAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await _client.FindContactByEmailAsync(request.Email, cancellationToken).ConfigureAwait(false) is not { } contact
            || await _client.FindConversationAsync(contact.Id, cancellationToken).ConfigureAwait(false) is not { } conversation)
        {
            return new DeliveryCheck(DeliveryStatus.NotSent);
        }

        return FindInThread(await _client.GetMessagesAsync(conversation, cancellationToken).ConfigureAwait(false), request, null) is { } message
            ? new DeliveryCheck(DeliveryStatus.Sent, MessageIdFor(message.Id), DeliveryConfirmed: true)
            : new DeliveryCheck(DeliveryStatus.NotSent);
    }

    /// <summary>The outbound message of this send in a thread: by id when known, else by subject and body.</summary>
    private static GhlMessage? FindInThread(IReadOnlyList<GhlMessage> thread, ChannelSendRequest request, string? messageId) =>
        thread.FirstOrDefault(m => messageId is not null && m.Id == messageId && !string.Equals(m.Status, "failed", StringComparison.OrdinalIgnoreCase))
        ?? thread.FirstOrDefault(m =>
            !string.Equals(m.Direction, "inbound", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(m.Status, "failed", StringComparison.OrdinalIgnoreCase)
            && string.Equals(m.Subject?.Trim(), request.Subject.Trim(), StringComparison.Ordinal)
            && m.Body is { } body && (string.Equals(body.Trim(), request.Body.Trim(), StringComparison.Ordinal) || string.Equals(body.Trim(), Html(request.Body), StringComparison.Ordinal)));

    private static string Html(string text) => "<p>" + WebUtility.HtmlEncode(text.Trim()).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>";

    private static string MessageIdFor(string messageId) => "ghl:" + messageId;

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "GoHighLevel did not send item {ItemId}: {Error}")]
    private partial void LogRefused(string itemId, string error);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "GoHighLevel accepted item {ItemId} (message {MessageId}) but it is not in the thread; it stays maybe_sent until reconciled")]
    private partial void LogUnconfirmed(string itemId, string messageId);
}
