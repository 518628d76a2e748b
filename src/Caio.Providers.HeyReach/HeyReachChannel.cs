using System.Globalization;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Providers.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.Providers.HeyReach;

/// <summary>
/// The <c>heyreach</c> LinkedIn channel. Step 1 (connect) adds the lead to the configured list first,
/// then to its tier's campaign with one account/lead pair (never resuming a paused campaign), carrying
/// the approved message and the idempotency key as custom fields. A later step (message) is sent into
/// the existing conversation. Reconciliation asks which campaigns the lead is in (step 1) or reads the
/// conversation (later steps). HeyReach has no idempotency key: sends are never retried blindly, and a
/// send whose lead is already in the campaign is answered from that fact instead of adding it again.
/// </summary>
public sealed partial class HeyReachChannel : IDispatchChannel
{
    private readonly IHeyReachClient _client;
    private readonly HeyReachOptions _options;
    private readonly ILogger<HeyReachChannel> _logger;
    private readonly IReadOnlySet<Caio.Batches.BatchMotion> _motions;

    /// <summary>Creates the channel.</summary>
    /// <param name="client">HeyReach client.</param>
    /// <param name="options">Options.</param>
    /// <param name="logger">Logger.</param>
    public HeyReachChannel(IHeyReachClient client, IOptions<HeyReachOptions> options, ILogger<HeyReachChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _motions = ChannelMotions.Parse(_options.Motions);
    }

    /// <inheritdoc />
    public string Name => ChannelNames.HeyReach;

    /// <inheritdoc />
    public Channel Channel => Channel.LinkedIn;

    /// <inheritdoc />
    public bool Serves(Caio.Batches.BatchMotion motion) => _motions.Contains(motion);

    /// <inheritdoc />
    public async ValueTask<ChannelSendResult> SendAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (WebhookJson.LinkedInProfile(request.LinkedInUrl) is not { } profile)
        {
            return ChannelSendResult.Failed("the recipient has no valid LinkedIn profile URL");
        }

        if (_options.CampaignFor(request.Tier) is not { } campaign)
        {
            return ChannelSendResult.Failed($"no HeyReach campaign is configured for {request.Tier?.ToWireName() ?? "this tier"} ({HeyReachOptions.SectionName}:Campaigns or DefaultCampaignId)");
        }

        var attempt = new SendAttempt();
        try
        {
            return request.Step <= 1
                ? await ConnectAsync(campaign, profile, request, attempt, cancellationToken).ConfigureAwait(false)
                : await MessageAsync(profile, request, attempt, cancellationToken).ConfigureAwait(false);
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
        if (WebhookJson.LinkedInProfile(request.LinkedInUrl) is not { } profile || _options.CampaignFor(request.Tier) is not { } campaign)
        {
            return new DeliveryCheck(DeliveryStatus.Unknown);
        }

        if (request.Step <= 1)
        {
            var campaigns = await _client.GetCampaignsForLeadAsync(profile, cancellationToken).ConfigureAwait(false);
            return campaigns.Any(c => c.CampaignId == campaign)
                ? new DeliveryCheck(DeliveryStatus.Sent, MessageIdFor(campaign, profile, 1))
                : new DeliveryCheck(DeliveryStatus.NotSent);
        }

        var conversation = await _client.FindConversationAsync(profile, _options.LinkedInAccountId, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return new DeliveryCheck(DeliveryStatus.NotSent);
        }

        return conversation.Messages.Any(m => string.Equals(m.Trim(), request.Body.Trim(), StringComparison.Ordinal))
            ? new DeliveryCheck(DeliveryStatus.Sent, MessageIdFor(campaign, profile, request.Step))
            : conversation.Messages.Count == 0 ? new DeliveryCheck(DeliveryStatus.Unknown) : new DeliveryCheck(DeliveryStatus.NotSent);
    }

    private async Task<ChannelSendResult> ConnectAsync(long campaign, string profile, ChannelSendRequest request, SendAttempt attempt, CancellationToken cancellationToken)
    {
        // Already in the campaign (an earlier attempt whose answer was lost): adding again would only "update" it.
        var current = await _client.GetCampaignsForLeadAsync(profile, cancellationToken).ConfigureAwait(false);
        if (current.Any(c => c.CampaignId == campaign))
        {
            return ChannelSendResult.Sent(MessageIdFor(campaign, profile, 1));
        }

        var lead = new HeyReachLead
        {
            ProfileUrl = profile,
            EmailAddress = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email,
            CustomUserFields = [new("caio_message_1", request.Body), new("caio_key_1", request.IdempotencyKey)],
        };
        if (_options.ListId is { } list)
        {
            // The list first: adding straight to a campaign can re-activate it.
            await _client.AddLeadsToListAsync(list, [lead], cancellationToken).ConfigureAwait(false);
        }

        var result = await attempt.SideEffectAsync(_client.AddLeadsToCampaignAsync(campaign, _options.LinkedInAccountId, [lead], cancellationToken)).ConfigureAwait(false);
        return result.AddedLeadsCount + result.UpdatedLeadsCount > 0
            ? ChannelSendResult.Sent(MessageIdFor(campaign, profile, 1))
            : ChannelSendResult.Failed($"heyreach did not add the lead to campaign {campaign} (failedLeadsCount {result.FailedLeadsCount})");
    }

    private async Task<ChannelSendResult> MessageAsync(string profile, ChannelSendRequest request, SendAttempt attempt, CancellationToken cancellationToken)
    {
        var conversation = await _client.FindConversationAsync(profile, _options.LinkedInAccountId, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return ChannelSendResult.Failed("heyreach: there is no conversation with this lead yet (connection not accepted); a message can only go into an existing conversation");
        }

        var campaign = _options.CampaignFor(request.Tier) ?? 0;
        if (conversation.Messages.Any(m => string.Equals(m.Trim(), request.Body.Trim(), StringComparison.Ordinal)))
        {
            return ChannelSendResult.Sent(MessageIdFor(campaign, profile, request.Step));
        }

        if ((conversation.LinkedInAccountId ?? _options.LinkedInAccountId) is not { } account)
        {
            return ChannelSendResult.Failed($"heyreach: no sender account ({HeyReachOptions.SectionName}:LinkedInAccountId)");
        }

        await attempt.SideEffectAsync(_client.SendMessageAsync(conversation.Id, account, request.Body, cancellationToken)).ConfigureAwait(false);
        return ChannelSendResult.Sent(MessageIdFor(campaign, profile, request.Step));
    }

    private static string MessageIdFor(long campaign, string profile, int step) =>
        string.Create(CultureInfo.InvariantCulture, $"heyreach:{campaign}:{profile.TrimEnd('/').Split('/')[^1]}:s{step}");

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "HeyReach did not send item {ItemId}: {Error}")]
    private partial void LogRefused(string itemId, string error);
}
