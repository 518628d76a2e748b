using System.Globalization;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Providers.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.Providers.Instantly;

/// <summary>
/// The <c>instantly</c> email channel. Step 1 of an approved email becomes a lead add into the campaign
/// its tier routes to, carrying the approved copy as custom variables (<c>caio_subject_1</c>,
/// <c>caio_body_1</c>) and the idempotency key (<c>caio_key_1</c>); a later step sets that step's
/// variables on the lead. Reconciliation looks the lead up by email and settles maybe_sent by the key
/// recorded on it. A definite refusal (4xx) is a failed send; an unknown outcome (timeout, 5xx,
/// transport error, malformed answer) is thrown, so the operator records maybe_sent.
/// </summary>
public sealed partial class InstantlyChannel : IDispatchChannel
{
    private readonly IInstantlyClient _client;
    private readonly InstantlyOptions _options;
    private readonly ILogger<InstantlyChannel> _logger;
    private readonly IReadOnlySet<Caio.Batches.BatchMotion> _motions;

    /// <summary>Creates the channel.</summary>
    /// <param name="client">Instantly client.</param>
    /// <param name="options">Options (campaign per tier).</param>
    /// <param name="logger">Logger.</param>
    public InstantlyChannel(IInstantlyClient client, IOptions<InstantlyOptions> options, ILogger<InstantlyChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _motions = ChannelMotions.Parse(_options.Motions);
    }

    /// <inheritdoc />
    public string Name => ChannelNames.Instantly;

    /// <inheritdoc />
    public Channel Channel => Channel.Email;

    /// <summary>Custom variable holding a step's approved subject.</summary>
    /// <param name="step">Step.</param>
    /// <returns><c>caio_subject_N</c>.</returns>
    public static string SubjectVariable(int step) => "caio_subject_" + step.ToString(CultureInfo.InvariantCulture);

    /// <summary>Custom variable holding a step's approved body.</summary>
    /// <param name="step">Step.</param>
    /// <returns><c>caio_body_N</c>.</returns>
    public static string BodyVariable(int step) => "caio_body_" + step.ToString(CultureInfo.InvariantCulture);

    /// <summary>Custom variable holding a step's idempotency key, read back by reconciliation.</summary>
    /// <param name="step">Step.</param>
    /// <returns><c>caio_key_N</c>.</returns>
    public static string KeyVariable(int step) => "caio_key_" + step.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool Serves(Caio.Batches.BatchMotion motion) => _motions.Contains(motion);

    /// <inheritdoc />
    public async ValueTask<ChannelSendResult> SendAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.CampaignFor(request.Tier) is not { } campaign)
        {
            return ChannelSendResult.Failed($"no Instantly campaign is configured for {request.Tier?.ToWireName() ?? "this tier"} ({InstantlyOptions.SectionName}:Campaigns or DefaultCampaignId)");
        }

        var attempt = new SendAttempt();
        try
        {
            return request.Step <= 1
                ? await AddFirstStepAsync(campaign, request, attempt, cancellationToken).ConfigureAwait(false)
                : await SetLaterStepAsync(campaign, request, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (CaioApiException ex) when (attempt.TrySettle(ex, IsDefinite(ex), out var settled))
        {
            LogRefused(request.ItemId, ex.Describe());
            return settled;
        }
    }

    /// <inheritdoc />
    public async ValueTask<DeliveryCheck> CheckAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.CampaignFor(request.Tier) is not { } campaign)
        {
            return new DeliveryCheck(DeliveryStatus.Unknown);
        }

        var lead = await _client.FindLeadAsync(campaign, request.Email, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return new DeliveryCheck(DeliveryStatus.NotSent);
        }

        return string.Equals(lead.Variable(KeyVariable(request.Step)), request.IdempotencyKey, StringComparison.Ordinal)
            ? new DeliveryCheck(DeliveryStatus.Sent, MessageIdFor(lead.Id, request.Step))
            : new DeliveryCheck(DeliveryStatus.NotSent);
    }

    private async Task<ChannelSendResult> AddFirstStepAsync(string campaign, ChannelSendRequest request, SendAttempt attempt, CancellationToken cancellationToken)
    {
        var lead = new InstantlyNewLead { Email = request.Email, CustomVariables = Variables(request) };
        var result = await attempt.SideEffectAsync(_client.AddLeadsAsync(campaign, [lead], cancellationToken)).ConfigureAwait(false);
        if (result.CreatedLeads.FirstOrDefault(l => string.Equals(l.Email, request.Email, StringComparison.OrdinalIgnoreCase)) is { } created)
        {
            return ChannelSendResult.Sent(MessageIdFor(created.Id, 1));
        }

        if (result.InBlocklist > 0)
        {
            return ChannelSendResult.Failed("instantly: the address is on the workspace blocklist");
        }

        if (result.InvalidEmailCount > 0 || result.IncompleteCount > 0)
        {
            return ChannelSendResult.Failed("instantly: the address was rejected as invalid or incomplete");
        }

        // Skipped as already present: either an earlier attempt of this very send (a retry after a
        // lost answer) or a lead someone else added. The key recorded on the lead tells which.
        var existing = await _client.FindLeadAsync(campaign, request.Email, cancellationToken).ConfigureAwait(false);
        return existing is not null && string.Equals(existing.Variable(KeyVariable(1)), request.IdempotencyKey, StringComparison.Ordinal)
            ? ChannelSendResult.Sent(MessageIdFor(existing.Id, 1))
            : ChannelSendResult.Failed("instantly skipped the lead: it is already in the workspace or campaign, not added by this send");
    }

    private async Task<ChannelSendResult> SetLaterStepAsync(string campaign, ChannelSendRequest request, SendAttempt attempt, CancellationToken cancellationToken)
    {
        var lead = await _client.FindLeadAsync(campaign, request.Email, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return ChannelSendResult.Failed($"instantly: the lead is not in campaign {campaign}; step 1 goes first");
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { lead.Payload, lead.CustomVariables })
        {
            foreach (var (name, value) in source ?? new Dictionary<string, System.Text.Json.JsonElement>())
            {
                variables[name] = value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }

        foreach (var (name, value) in Variables(request))
        {
            variables[name] = value;
        }

        var updated = await attempt.SideEffectAsync(_client.UpdateLeadVariablesAsync(lead.Id, variables, cancellationToken)).ConfigureAwait(false);
        return ChannelSendResult.Sent(MessageIdFor(updated.Id, request.Step));
    }

    private static Dictionary<string, string> Variables(ChannelSendRequest request) => new(StringComparer.Ordinal)
    {
        [SubjectVariable(request.Step)] = request.Subject,
        [BodyVariable(request.Step)] = request.Body,
        [KeyVariable(request.Step)] = request.IdempotencyKey,
    };

    private static string MessageIdFor(string leadId, int step) => string.Create(CultureInfo.InvariantCulture, $"instantly:{leadId}:s{step}");

    private static bool IsDefinite(CaioApiException exception) =>
        exception.IsDefinite || ProviderErrors.NeverSent(exception) || exception.ErrorCode is { } code && code.StartsWith("ACC_", StringComparison.Ordinal);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Instantly did not send item {ItemId}: {Error}")]
    private partial void LogRefused(string itemId, string error);
}
