using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caio.Testing.Providers;

/// <summary>
/// A fake of HeyReach's public API: <c>X-API-KEY</c>, 300 requests/min (429 with <c>Retry-After</c>
/// beyond), campaigns (GetAll with offset paging, GetById, Pause, Resume — which rejects a draft —
/// and StartCampaign), lists, <c>AddLeadsToCampaignV2</c> (400 on a draft; re-activates a paused or
/// finished campaign unless <c>resumePausedCampaign</c>/<c>resumeFinishedCampaign</c> are false, as
/// HeyReach does), <c>GetCampaignsForLead</c>, sender accounts, conversations and <c>SendMessage</c>.
/// Side effects: <c>list_lead_added</c>, <c>lead_added</c> (step 1), <c>message_sent</c>,
/// <c>campaign_reactivated</c>, <c>campaign_started</c>, <c>campaign_paused</c>, <c>campaign_resumed</c>.
/// </summary>
public sealed class FakeHeyReachServer : FakeProviderServer
{
    private readonly ConcurrentDictionary<long, JsonObject> _campaigns = new();
    private readonly ConcurrentDictionary<string, HashSet<long>> _leadCampaigns = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, JsonObject> _conversations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private long _sequence = 1000;

    /// <summary>Creates the fake.</summary>
    /// <param name="apiKey">The only key it accepts.</param>
    /// <param name="timeProvider">Clock; default the system clock.</param>
    public FakeHeyReachServer(string apiKey = "heyreach-test-key", TimeProvider? timeProvider = null)
        : base(apiKey, timeProvider)
    {
    }

    /// <summary>The sender account every fake conversation uses.</summary>
    public const long SenderAccountId = 77;

    /// <inheritdoc />
    protected override IReadOnlyList<(int Permits, TimeSpan Window)> RateLimits { get; } = [(300, TimeSpan.FromMinutes(1))];

    /// <summary>Adds a campaign (<c>DRAFT</c>, <c>IN_PROGRESS</c>, <c>PAUSED</c>, <c>FINISHED</c> …).</summary>
    /// <param name="name">Name.</param>
    /// <param name="status">Status.</param>
    /// <returns>Its id.</returns>
    public long AddCampaign(string name, string status = "IN_PROGRESS")
    {
        var id = Interlocked.Increment(ref _sequence);
        _campaigns[id] = new JsonObject { ["id"] = id, ["name"] = name, ["status"] = status, ["creationTime"] = TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), ["campaignAccountIds"] = new JsonArray(SenderAccountId), ["linkedInUserListId"] = 5 };
        return id;
    }

    /// <summary>The status of a campaign.</summary>
    /// <param name="id">Campaign id.</param>
    /// <returns>The status.</returns>
    public string? CampaignStatus(long id) => _campaigns.TryGetValue(id, out var c) ? (string?)c["status"] : null;

    /// <summary>Opens a conversation with a lead (the connection was accepted).</summary>
    /// <param name="profileUrl">Lead profile URL.</param>
    /// <returns>The conversation id.</returns>
    public string OpenConversation(string profileUrl)
    {
        var id = "conv-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        _conversations[Normalize(profileUrl)] = new JsonObject { ["id"] = id, ["linkedInAccountId"] = SenderAccountId, ["messages"] = new JsonArray() };
        return id;
    }

    /// <inheritdoc />
    protected override bool IsAuthorized(HttpRequest request) => request.Headers["X-API-KEY"].ToString() == ApiKey;

    /// <inheritdoc />
    protected override Task WriteUnauthorizedAsync(HttpResponse response)
    {
        response.StatusCode = 401;
        response.ContentType = "application/json";
        return response.WriteAsync("{\"errorMessage\":\"Invalid API key\"}");
    }

    /// <inheritdoc />
    protected override Task WriteRateLimitedAsync(HttpResponse response, TimeSpan retryAfter)
    {
        response.StatusCode = 429;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        response.ContentType = "application/json";
        return response.WriteAsync("{\"errorMessage\":\"Too many requests\"}");
    }

    /// <inheritdoc />
    protected override async Task ServeAsync(FakeCall call)
    {
        var body = ParseBody(call.Body) as JsonObject;
        var campaignId = long.TryParse(call.Query("campaignId"), out var q) ? q : (long?)body?["campaignId"];
        switch (call.Method, call.Path.TrimEnd('/'))
        {
            case ("GET", "/auth/CheckApiKey"):
                await call.JsonAsync(200, null).ConfigureAwait(false);
                return;
            case ("POST", "/campaign/GetAll"):
                await PageAsync(call, body, _campaigns.Values.OrderBy(c => (long)c["id"]!).ToList()).ConfigureAwait(false);
                return;
            case ("GET", "/campaign/GetById"):
                await (Campaign(campaignId) is { } found ? call.JsonAsync(200, found.DeepClone()) : NotFoundAsync(call)).ConfigureAwait(false);
                return;
            case ("POST", "/campaign/Pause" or "/campaign/Resume" or "/campaign/StartCampaign"):
                await ChangeStatusAsync(call, campaignId).ConfigureAwait(false);
                return;
            case ("POST", "/list/AddLeadsToListV2"):
                await AddToListAsync(call, body).ConfigureAwait(false);
                return;
            case ("POST", "/campaign/AddLeadsToCampaignV2"):
                await AddToCampaignAsync(call, body, campaignId).ConfigureAwait(false);
                return;
            case ("POST", "/campaign/GetCampaignsForLead"):
                var profile = Normalize((string?)body?["profileUrl"] ?? string.Empty);
                var ids = _leadCampaigns.TryGetValue(profile, out var set) ? set.Order().ToList() : [];
                await call.JsonAsync(200, new JsonObject { ["totalCount"] = ids.Count, ["items"] = new JsonArray([.. ids.Select(id => new JsonObject { ["campaignId"] = id, ["leadCampaignStatus"] = "IN_PROGRESS" })]) }).ConfigureAwait(false);
                return;
            case ("POST", "/li_account/GetAll"):
                await PageAsync(call, body, [new JsonObject { ["id"] = SenderAccountId, ["firstName"] = "Sam", ["lastName"] = "Sender", ["emailAddress"] = "sam@sender.test", ["isActive"] = true }]).ConfigureAwait(false);
                return;
            case ("POST", "/inbox/GetConversationsV2"):
                var lead = Normalize((string?)body?["filters"]?["leadProfileUrl"] ?? string.Empty);
                var items = _conversations.TryGetValue(lead, out var conversation) ? new JsonArray(conversation.DeepClone()) : [];
                await call.JsonAsync(200, new JsonObject { ["totalCount"] = items.Count, ["items"] = items }).ConfigureAwait(false);
                return;
            case ("POST", "/inbox/SendMessage"):
                await SendMessageAsync(call, body).ConfigureAwait(false);
                return;
            default:
                await NotFoundAsync(call).ConfigureAwait(false);
                return;
        }
    }

    private static Task NotFoundAsync(FakeCall call) => call.JsonAsync(404, new JsonObject { ["errorMessage"] = "Not found" });

    private static Task BadRequestAsync(FakeCall call, string message) =>
        call.JsonAsync(400, new JsonObject { ["title"] = "One or more validation errors occurred.", ["errors"] = new JsonObject { ["Request"] = new JsonArray(message) } });

    private static Task PageAsync(FakeCall call, JsonObject? body, List<JsonObject> all)
    {
        var offset = (int?)body?["offset"] ?? 0;
        var limit = Math.Clamp((int?)body?["limit"] ?? 100, 1, 100);
        return call.JsonAsync(200, new JsonObject { ["totalCount"] = all.Count, ["items"] = new JsonArray([.. all.Skip(offset).Take(limit).Select(c => c.DeepClone())]) });
    }

    private JsonObject? Campaign(long? id) => id is { } value && _campaigns.TryGetValue(value, out var campaign) ? campaign : null;

    private async Task ChangeStatusAsync(FakeCall call, long? id)
    {
        if (Campaign(id) is not { } campaign)
        {
            await NotFoundAsync(call).ConfigureAwait(false);
            return;
        }

        var status = (string)campaign["status"]!;
        var action = call.Path.TrimEnd('/').Split('/')[^1];
        if (action == "Resume" && status == "DRAFT")
        {
            await BadRequestAsync(call, "A draft campaign cannot be resumed; start it").ConfigureAwait(false);
            return;
        }

        campaign["status"] = action == "Pause" ? "PAUSED" : "IN_PROGRESS";
        RecordSideEffect(action switch { "Pause" => "campaign_paused", "Resume" => "campaign_resumed", _ => "campaign_started" }, null, null, id!.Value.ToString(CultureInfo.InvariantCulture));
        if (!await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            await call.JsonAsync(200, null).ConfigureAwait(false);
        }
    }

    private async Task AddToListAsync(FakeCall call, JsonObject? body)
    {
        if (body?["listId"] is null || body["leads"] is not JsonArray { Count: > 0 } leads)
        {
            await BadRequestAsync(call, "listId and leads are required").ConfigureAwait(false);
            return;
        }

        foreach (var lead in leads)
        {
            RecordSideEffect("list_lead_added", Normalize((string?)lead?["profileUrl"] ?? string.Empty), null, body["listId"]!.ToJsonString());
        }

        if (!await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            await call.JsonAsync(200, leads.Count).ConfigureAwait(false);
        }
    }

    private async Task AddToCampaignAsync(FakeCall call, JsonObject? body, long? id)
    {
        if (Campaign(id) is not { } campaign)
        {
            await NotFoundAsync(call).ConfigureAwait(false);
            return;
        }

        if (body?["accountLeadPairs"] is not JsonArray { Count: > 0 and <= 100 } pairs)
        {
            await BadRequestAsync(call, "accountLeadPairs must contain 1 to 100 items").ConfigureAwait(false);
            return;
        }

        var status = (string)campaign["status"]!;
        if (status == "DRAFT")
        {
            await BadRequestAsync(call, "Leads cannot be added to a campaign in DRAFT; start it first").ConfigureAwait(false);
            return;
        }

        int added = 0, updated = 0, failed = 0;
        lock (_gate)
        {
            if ((status == "PAUSED" && (bool?)body["resumePausedCampaign"] != false) || (status == "FINISHED" && (bool?)body["resumeFinishedCampaign"] != false))
            {
                campaign["status"] = "IN_PROGRESS";
                RecordSideEffect("campaign_reactivated", null, null, id!.Value.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var pair in pairs)
            {
                var profile = Normalize((string?)pair?["lead"]?["profileUrl"] ?? string.Empty);
                if (profile.Length == 0)
                {
                    failed++;
                    continue;
                }

                var campaigns = _leadCampaigns.GetOrAdd(profile, _ => []);
                if (!campaigns.Add(id!.Value))
                {
                    updated++;
                    continue;
                }

                added++;
                RecordSideEffect("lead_added", profile, 1, id.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (added > 0 && await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            return;
        }

        await call.JsonAsync(200, new JsonObject { ["addedLeadsCount"] = added, ["updatedLeadsCount"] = updated, ["failedLeadsCount"] = failed }).ConfigureAwait(false);
    }

    private async Task SendMessageAsync(FakeCall call, JsonObject? body)
    {
        var conversationId = (string?)body?["conversationId"];
        var text = (string?)body?["message"];
        var entry = _conversations.FirstOrDefault(c => (string?)c.Value["id"] == conversationId);
        if (entry.Value is null || string.IsNullOrWhiteSpace(text) || body?["linkedInAccountId"] is null)
        {
            await (entry.Value is null ? NotFoundAsync(call) : BadRequestAsync(call, "message and linkedInAccountId are required")).ConfigureAwait(false);
            return;
        }

        lock (_gate)
        {
            ((JsonArray)entry.Value["messages"]!).Add(new JsonObject { ["body"] = text });
            RecordSideEffect("message_sent", entry.Key, null, conversationId);
        }

        if (!await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            await call.JsonAsync(200, null).ConfigureAwait(false);
        }
    }

    private static string Normalize(string profileUrl) =>
        Uri.TryCreate(profileUrl.Trim(), UriKind.Absolute, out var url) && url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["in", var handle, ..]
            ? "https://www.linkedin.com/in/" + handle.ToLowerInvariant() + "/"
            : profileUrl.Trim().ToLowerInvariant();
}
