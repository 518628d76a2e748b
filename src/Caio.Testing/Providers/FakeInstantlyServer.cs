using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caio.Testing.Providers;

/// <summary>
/// A fake of Instantly's API v2: <c>Authorization: Bearer</c>, 100 requests/s and 6,000/min (429
/// beyond), campaigns (created as drafts; list with cursor pagination, get, activate, pause), lead
/// bulk adds honouring <c>skip_if_in_workspace</c> / <c>skip_if_in_campaign</c>, lead search by
/// <c>contacts</c>, and lead PATCH of custom variables. Side effects: <c>campaign_created</c>,
/// <c>campaign_activated</c>, <c>campaign_paused</c>, <c>lead_added</c> (step 1) and
/// <c>step_scheduled</c> (a later step's copy set on a lead for the first time).
/// </summary>
public sealed class FakeInstantlyServer : FakeProviderServer
{
    private readonly ConcurrentDictionary<string, JsonObject> _campaigns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _leads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Email, string Campaign), JsonObject> _byEmail = new();
    private readonly ConcurrentDictionary<string, byte> _workspace = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sequence;

    /// <summary>Creates the fake.</summary>
    /// <param name="apiKey">The only key it accepts.</param>
    /// <param name="timeProvider">Clock; default the system clock.</param>
    public FakeInstantlyServer(string apiKey = "instantly-test-key", TimeProvider? timeProvider = null)
        : base(apiKey, timeProvider)
    {
    }

    /// <inheritdoc />
    protected override IReadOnlyList<(int Permits, TimeSpan Window)> RateLimits { get; } = [(100, TimeSpan.FromSeconds(1)), (6_000, TimeSpan.FromMinutes(1))];

    /// <summary>Adds a campaign directly (status 0 draft, 1 active, 2 paused).</summary>
    /// <param name="name">Name.</param>
    /// <param name="status">Status.</param>
    /// <returns>Its id.</returns>
    public string AddCampaign(string name, int status = 1)
    {
        var id = NextId("cmp");
        _campaigns[id] = new JsonObject { ["id"] = id, ["name"] = name, ["status"] = status, ["timestamp_created"] = TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) };
        return id;
    }

    /// <summary>The status of a campaign.</summary>
    /// <param name="id">Campaign id.</param>
    /// <returns>The status, or <see langword="null"/> when unknown.</returns>
    public int? CampaignStatus(string id) => _campaigns.TryGetValue(id, out var c) ? (int)c["status"]! : null;

    /// <summary>Puts a lead in the workspace without a side effect record (someone else's lead).</summary>
    /// <param name="campaignId">Campaign.</param>
    /// <param name="email">Address.</param>
    public void SeedLead(string campaignId, string email) => AddLead(campaignId, email, new JsonObject());

    /// <summary>Leads in a campaign.</summary>
    /// <param name="campaignId">Campaign.</param>
    /// <returns>Their addresses.</returns>
    public IReadOnlyList<string> LeadsIn(string campaignId) =>
        [.. _leads.Values.Where(l => (string?)l["campaign"] == campaignId).Select(l => (string)l["email"]!)];

    /// <inheritdoc />
    protected override bool IsAuthorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() == "Bearer " + ApiKey;

    /// <inheritdoc />
    protected override Task WriteUnauthorizedAsync(HttpResponse response)
    {
        response.StatusCode = 401;
        response.ContentType = "application/json";
        return response.WriteAsync("{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Invalid API key\"}");
    }

    /// <inheritdoc />
    protected override Task WriteRateLimitedAsync(HttpResponse response, TimeSpan retryAfter)
    {
        // Instantly documents the 429, not a Retry-After header.
        response.StatusCode = 429;
        response.ContentType = "application/json";
        return response.WriteAsync("{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}");
    }

    /// <inheritdoc />
    protected override async Task ServeAsync(FakeCall call)
    {
        var path = call.Path.TrimEnd('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (call.Method, segments)
        {
            case ("GET", ["api", "v2", "campaigns"]):
                await ListCampaignsAsync(call).ConfigureAwait(false);
                return;
            case ("POST", ["api", "v2", "campaigns"]):
                await CreateCampaignAsync(call).ConfigureAwait(false);
                return;
            case ("GET", ["api", "v2", "campaigns", var id]):
                await (_campaigns.TryGetValue(id, out var campaign) ? call.JsonAsync(200, campaign.DeepClone()) : NotFoundAsync(call, "Campaign not found")).ConfigureAwait(false);
                return;
            case ("POST", ["api", "v2", "campaigns", var id, "activate" or "pause"]):
                await SetCampaignStatusAsync(call, id, segments[4] == "activate").ConfigureAwait(false);
                return;
            case ("POST", ["api", "v2", "leads", "add"]):
                await AddLeadsAsync(call).ConfigureAwait(false);
                return;
            case ("POST", ["api", "v2", "leads", "list"]):
                await ListLeadsAsync(call).ConfigureAwait(false);
                return;
            case ("PATCH", ["api", "v2", "leads", var id]):
                await PatchLeadAsync(call, id).ConfigureAwait(false);
                return;
            default:
                await NotFoundAsync(call, $"Cannot {call.Method} {path}").ConfigureAwait(false);
                return;
        }
    }

    private static Task NotFoundAsync(FakeCall call, string message) =>
        call.JsonAsync(404, new JsonObject { ["statusCode"] = 404, ["error"] = "Not Found", ["message"] = message });

    private static Task BadRequestAsync(FakeCall call, string message) =>
        call.JsonAsync(400, new JsonObject { ["statusCode"] = 400, ["error"] = "Bad Request", ["message"] = message });

    private Task ListCampaignsAsync(FakeCall call)
    {
        var limit = int.TryParse(call.Query("limit"), out var l) ? Math.Clamp(l, 1, 100) : 10;
        var after = call.Query("starting_after");
        var ordered = _campaigns.Keys.Order(StringComparer.Ordinal).Where(id => after is null || string.CompareOrdinal(id, after) > 0).ToList();
        var page = ordered.Take(limit).ToList();
        var result = new JsonObject { ["items"] = new JsonArray([.. page.Select(id => _campaigns[id].DeepClone())]) };
        if (ordered.Count > limit)
        {
            result["next_starting_after"] = page[^1];
        }

        return call.JsonAsync(200, result);
    }

    private async Task CreateCampaignAsync(FakeCall call)
    {
        var body = ParseBody(call.Body) as JsonObject;
        if (body?["name"] is null || body["campaign_schedule"]?["schedules"] is not JsonArray { Count: > 0 })
        {
            await BadRequestAsync(call, "body must have required properties 'name' and 'campaign_schedule'").ConfigureAwait(false);
            return;
        }

        var id = AddCampaign((string)body["name"]!, status: 0);
        var campaign = _campaigns[id];
        campaign["campaign_schedule"] = body["campaign_schedule"]!.DeepClone();
        campaign["sequences"] = body["sequences"]?.DeepClone();
        RecordSideEffect("campaign_created", null, null, id);
        if (!await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            await call.JsonAsync(200, campaign.DeepClone()).ConfigureAwait(false);
        }
    }

    private async Task SetCampaignStatusAsync(FakeCall call, string id, bool activate)
    {
        if (!_campaigns.TryGetValue(id, out var campaign))
        {
            await NotFoundAsync(call, "Campaign not found").ConfigureAwait(false);
            return;
        }

        campaign["status"] = activate ? 1 : 2;
        RecordSideEffect(activate ? "campaign_activated" : "campaign_paused", null, null, id);
        if (!await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            await call.JsonAsync(200, campaign.DeepClone()).ConfigureAwait(false);
        }
    }

    private async Task AddLeadsAsync(FakeCall call)
    {
        var body = ParseBody(call.Body) as JsonObject;
        var campaignId = (string?)body?["campaign_id"];
        if (body?["leads"] is not JsonArray leads || leads.Count is 0 or > 1000)
        {
            await BadRequestAsync(call, "leads must contain 1 to 1000 items").ConfigureAwait(false);
            return;
        }

        if (campaignId is null || !_campaigns.ContainsKey(campaignId))
        {
            await (campaignId is null ? BadRequestAsync(call, "campaign_id or list_id is required") : NotFoundAsync(call, "Campaign not found")).ConfigureAwait(false);
            return;
        }

        var skipWorkspace = (bool?)body["skip_if_in_workspace"] == true;
        var skipCampaign = (bool?)body["skip_if_in_campaign"] == true;
        var created = new JsonArray();
        int skipped = 0, invalid = 0;
        lock (_gate)
        {
            for (var index = 0; index < leads.Count; index++)
            {
                var email = ((string?)leads[index]?["email"])?.Trim().ToLowerInvariant();
                if (email is null || !email.Contains('@', StringComparison.Ordinal))
                {
                    invalid++;
                    continue;
                }

                var inWorkspace = _workspace.ContainsKey(email);
                var inCampaign = _byEmail.ContainsKey((email, campaignId));
                if ((skipWorkspace && inWorkspace) || (skipCampaign && inCampaign) || inCampaign)
                {
                    skipped++;
                    continue;
                }

                var variables = leads[index]?["custom_variables"] as JsonObject ?? new JsonObject();
                var lead = AddLead(campaignId, email, (JsonObject)variables.DeepClone());
                RecordSideEffect("lead_added", email, 1, campaignId);
                created.Add(new JsonObject { ["id"] = (string)lead["id"]!, ["email"] = email, ["index"] = index });
            }
        }

        if (created.Count > 0 && await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            return;
        }

        await call.JsonAsync(200, new JsonObject
        {
            ["status"] = "success",
            ["total_sent"] = leads.Count,
            ["leads_uploaded"] = created.Count,
            ["in_blocklist"] = 0,
            ["blocklist_used"] = null,
            ["duplicated_leads"] = skipped,
            ["skipped_count"] = skipped,
            ["invalid_email_count"] = invalid,
            ["incomplete_count"] = 0,
            ["duplicate_email_count"] = 0,
            ["remaining_in_plan"] = 100_000,
            ["created_leads"] = created,
        }).ConfigureAwait(false);
    }

    private Task ListLeadsAsync(FakeCall call)
    {
        var body = ParseBody(call.Body) as JsonObject;
        var campaign = (string?)body?["campaign"];
        var contacts = (body?["contacts"] as JsonArray)?.Select(c => ((string?)c)?.ToLowerInvariant()).ToHashSet();
        var limit = (int?)body?["limit"] ?? 100;
        var candidates = campaign is not null && contacts is not null
            ? contacts.Select(c => _byEmail.GetValueOrDefault((c ?? string.Empty, campaign))).OfType<JsonObject>()
            : _leads.Values;
        var items = candidates
            .Where(l => (campaign is null || (string?)l["campaign"] == campaign) && (contacts is null || contacts.Contains((string?)l["email"])))
            .OrderBy(l => (string)l["id"]!, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, 100))
            .Select(l => l.DeepClone());
        return call.JsonAsync(200, new JsonObject { ["items"] = new JsonArray([.. items]) });
    }

    private async Task PatchLeadAsync(FakeCall call, string id)
    {
        if (!_leads.TryGetValue(id, out var lead))
        {
            await NotFoundAsync(call, "Lead not found").ConfigureAwait(false);
            return;
        }

        if ((ParseBody(call.Body) as JsonObject)?["custom_variables"] is not JsonObject variables)
        {
            await BadRequestAsync(call, "custom_variables must be an object").ConfigureAwait(false);
            return;
        }

        var scheduled = new List<int>();
        lock (_gate)
        {
            var current = (JsonObject)lead["custom_variables"]!;
            foreach (var (name, value) in variables)
            {
                if (name.StartsWith("caio_key_", StringComparison.Ordinal) && current[name] is null && int.TryParse(name["caio_key_".Length..], out var step))
                {
                    scheduled.Add(step);
                }

                current[name] = value?.DeepClone();
            }

            foreach (var step in scheduled)
            {
                RecordSideEffect("step_scheduled", (string)lead["email"]!, step, (string?)lead["campaign"]);
            }
        }

        if (scheduled.Count > 0 && await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            return;
        }

        await call.JsonAsync(200, lead.DeepClone()).ConfigureAwait(false);
    }

    private JsonObject AddLead(string campaignId, string email, JsonObject variables)
    {
        var id = NextId("lead");
        var lead = new JsonObject { ["id"] = id, ["email"] = email.ToLowerInvariant(), ["campaign"] = campaignId, ["status"] = 1, ["custom_variables"] = variables };
        _leads[id] = lead;
        _byEmail[(email.ToLowerInvariant(), campaignId)] = lead;
        _workspace[email.ToLowerInvariant()] = 0;
        return lead;
    }

    private string NextId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Interlocked.Increment(ref _sequence):D8}");
}
