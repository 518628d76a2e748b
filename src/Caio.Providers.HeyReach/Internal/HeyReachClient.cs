using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Caio.Leads;
using Caio.Providers.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Providers.HeyReach.Internal;

/// <summary>The HeyReach public API client.</summary>
internal sealed class HeyReachClient : IHeyReachClient
{
    public const string ProviderName = ChannelNames.HeyReach;
    private const int MaxPairsPerCall = 100;
    private readonly ProviderClient _client;

    public HeyReachClient(HttpClient http, IOptions<HeyReachOptions> options)
    {
        _client = new ProviderClient(http, ProviderName, options.Value.ApiKey, $"{HeyReachOptions.SectionName}:ApiKey ({HeyReachOptions.ApiKeyVariable})");
    }

    public Task CheckApiKeyAsync(CancellationToken cancellationToken = default) =>
        SendAsync(ProviderHttp.Create(HttpMethod.Get, "auth/CheckApiKey", ProviderRequestKind.Read), cancellationToken);

    public Task<HeyReachPage<HeyReachCampaign>> ListCampaignsAsync(int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync(Post("campaign/GetAll", ProviderRequestKind.Read, JsonContent.Create(new PageRequest(offset, Math.Clamp(limit, 1, 100)), HeyReachJsonContext.Default.PageRequest)), HeyReachJsonContext.Default.HeyReachPageHeyReachCampaign, cancellationToken);

    public Task<HeyReachCampaign> GetCampaignAsync(long campaignId, CancellationToken cancellationToken = default) =>
        SendAsync(ProviderHttp.Create(HttpMethod.Get, "campaign/GetById?campaignId=" + Id(campaignId), ProviderRequestKind.Read), HeyReachJsonContext.Default.HeyReachCampaign, cancellationToken);

    public Task PauseCampaignAsync(long campaignId, CancellationToken cancellationToken = default) =>
        SendAsync(Post("campaign/Pause?campaignId=" + Id(campaignId), ProviderRequestKind.Send, null), cancellationToken);

    public Task ResumeCampaignAsync(long campaignId, CancellationToken cancellationToken = default) =>
        SendAsync(Post("campaign/Resume?campaignId=" + Id(campaignId), ProviderRequestKind.Send, null), cancellationToken);

    public Task StartCampaignAsync(long campaignId, CancellationToken cancellationToken = default) =>
        SendAsync(Post("campaign/StartCampaign?campaignId=" + Id(campaignId), ProviderRequestKind.Send, null), cancellationToken);

    public Task AddLeadsToListAsync(long listId, IReadOnlyList<HeyReachLead> leads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentOutOfRangeException.ThrowIfZero(leads.Count);
        return SendAsync(Post("list/AddLeadsToListV2", ProviderRequestKind.Send, JsonContent.Create(new ListAddRequest(listId, leads), HeyReachJsonContext.Default.ListAddRequest)), cancellationToken);
    }

    public Task<HeyReachAddResult> AddLeadsToCampaignAsync(long campaignId, long? linkedInAccountId, IReadOnlyList<HeyReachLead> leads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count is 0 or > MaxPairsPerCall)
        {
            throw new ArgumentOutOfRangeException(nameof(leads), leads.Count, "HeyReach takes 1 to 100 account/lead pairs per call.");
        }

        // Never resume: adding leads must not re-activate a campaign an operator paused.
        var body = new CampaignAddRequest(campaignId, [.. leads.Select(l => new AccountLeadPair(linkedInAccountId, l))], ResumeFinishedCampaign: false, ResumePausedCampaign: false);
        return SendAsync(Post("campaign/AddLeadsToCampaignV2", ProviderRequestKind.Send, JsonContent.Create(body, HeyReachJsonContext.Default.CampaignAddRequest)), HeyReachJsonContext.Default.HeyReachAddResult, cancellationToken);
    }

    public async Task<IReadOnlyList<HeyReachLeadCampaign>> GetCampaignsForLeadAsync(string profileUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileUrl);
        using var request = Post("campaign/GetCampaignsForLead", ProviderRequestKind.Read, JsonContent.Create(new LeadRequest(profileUrl), HeyReachJsonContext.Default.LeadRequest));
        using var document = await _client.SendForDocumentAsync(request, cancellationToken).ConfigureAwait(false);

        // The answer's shape is not documented: accept a bare array or {items: [...]}, with campaignId or id.
        var root = document.RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
        if (items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var campaigns = new List<HeyReachLeadCampaign>();
        foreach (var item in items.EnumerateArray())
        {
            if (WebhookJson.Text(item, "campaignId", "id") is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                campaigns.Add(new HeyReachLeadCampaign(id, WebhookJson.Text(item, "leadCampaignStatus", "status")));
            }
        }

        return campaigns;
    }

    public Task<HeyReachPage<HeyReachSender>> ListSendersAsync(int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendAsync(Post("li_account/GetAll", ProviderRequestKind.Read, JsonContent.Create(new PageRequest(offset, Math.Clamp(limit, 1, 100)), HeyReachJsonContext.Default.PageRequest)), HeyReachJsonContext.Default.HeyReachPageHeyReachSender, cancellationToken);

    public async Task<HeyReachConversation?> FindConversationAsync(string profileUrl, long? linkedInAccountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileUrl);
        var body = new ConversationsRequest(0, 10, new ConversationFilters(profileUrl, linkedInAccountId is { } account ? [account] : null));
        using var request = Post("inbox/GetConversationsV2", ProviderRequestKind.Read, JsonContent.Create(body, HeyReachJsonContext.Default.ConversationsRequest));
        using var document = await _client.SendForDocumentAsync(request, cancellationToken).ConfigureAwait(false);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (WebhookJson.Text(item, "id", "conversationId") is not { } id)
            {
                continue;
            }

            var messages = new List<string>();
            if (item.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                messages.AddRange(list.EnumerateArray().Select(m => WebhookJson.Text(m, "body", "message", "text")).OfType<string>());
            }

            var sender = WebhookJson.Text(item, "linkedInAccountId") is { } a && long.TryParse(a, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : (long?)null;
            return new HeyReachConversation(id, sender, messages);
        }

        return null;
    }

    public Task SendMessageAsync(string conversationId, long linkedInAccountId, string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return SendAsync(Post("inbox/SendMessage", ProviderRequestKind.Send, JsonContent.Create(new SendMessageRequest(message, conversationId, linkedInAccountId), HeyReachJsonContext.Default.SendMessageRequest)), cancellationToken);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static HttpRequestMessage Post(string path, ProviderRequestKind kind, HttpContent? content) => ProviderHttp.Create(HttpMethod.Post, path, kind, content);

    private async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await _client.SendAsync(request, type, cancellationToken).ConfigureAwait(false);
        }
    }
}
