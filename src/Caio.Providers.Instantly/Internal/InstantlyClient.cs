using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Caio.Leads;
using Caio.Providers.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Providers.Instantly.Internal;

/// <summary>The Instantly API v2 client.</summary>
internal sealed class InstantlyClient : IInstantlyClient
{
    public const string ProviderName = ChannelNames.Instantly;
    private const int MaxLeadsPerCall = 1000;
    private readonly ProviderClient _client;

    public InstantlyClient(HttpClient http, IOptions<InstantlyOptions> options)
    {
        _client = new ProviderClient(http, ProviderName, options.Value.ApiKey, $"{InstantlyOptions.SectionName}:ApiKey ({InstantlyOptions.ApiKeyVariable})");
    }

    public async Task<InstantlyCampaign> CreateCampaignAsync(InstantlyCampaignDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var days = Enumerable.Range(0, 7).ToDictionary(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture), draft.Days.Contains);
        var steps = Enumerable.Range(1, Math.Max(1, draft.Steps))
            .Select(n => new CampaignStep("email", n == 1 ? 0 : draft.DelayDays, [new CampaignVariant($"{{{{{InstantlyChannel.SubjectVariable(n)}}}}}", $"{{{{{InstantlyChannel.BodyVariable(n)}}}}}")]))
            .ToList();
        var body = new CampaignCreateRequest(
            draft.Name,
            new CampaignSchedule([new CampaignScheduleEntry("caio", new CampaignTiming(draft.From, draft.To), days, draft.TimeZone)]),
            [new CampaignSequence(steps)],
            draft.SenderEmails,
            draft.DailyLimit,
            StopOnReply: true,
            StopOnAutoReply: false,
            TextOnly: true);
        using var request = ProviderHttp.Create(HttpMethod.Post, "api/v2/campaigns", ProviderRequestKind.Send, JsonContent.Create(body, InstantlyJsonContext.Default.CampaignCreateRequest));
        var created = await SendCheckedAsync(request, InstantlyJsonContext.Default.InstantlyCampaign, cancellationToken).ConfigureAwait(false);
        if (created.Status != 0)
        {
            // Creation never activates: a campaign that came back active is paused at once.
            await PauseCampaignAsync(created.Id, cancellationToken).ConfigureAwait(false);
            created = created with { Status = 2 };
        }

        return created;
    }

    public Task<InstantlyPage<InstantlyCampaign>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100);
        var query = "api/v2/campaigns?limit=" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + (startingAfter is null ? string.Empty : "&starting_after=" + Uri.EscapeDataString(startingAfter));
        var request = ProviderHttp.Create(HttpMethod.Get, query, ProviderRequestKind.Read);
        return SendCheckedAsync(request, InstantlyJsonContext.Default.InstantlyPageInstantlyCampaign, cancellationToken);
    }

    public Task<InstantlyCampaign> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        var request = ProviderHttp.Create(HttpMethod.Get, "api/v2/campaigns/" + Uri.EscapeDataString(campaignId), ProviderRequestKind.Read);
        return SendCheckedAsync(request, InstantlyJsonContext.Default.InstantlyCampaign, cancellationToken);
    }

    public Task ActivateCampaignAsync(string campaignId, CancellationToken cancellationToken = default) => CampaignActionAsync(campaignId, "activate", cancellationToken);

    public Task PauseCampaignAsync(string campaignId, CancellationToken cancellationToken = default) => CampaignActionAsync(campaignId, "pause", cancellationToken);

    public Task<InstantlyLeadAddResult> AddLeadsAsync(string campaignId, IReadOnlyList<InstantlyNewLead> leads, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count is 0 or > MaxLeadsPerCall)
        {
            throw new ArgumentOutOfRangeException(nameof(leads), leads.Count, "Instantly takes 1 to 1,000 leads per call.");
        }

        // Both skip flags are always set: Instantly dedupes the add, which is what makes retrying it safe.
        var body = new LeadAddRequest(campaignId, leads, SkipIfInWorkspace: true, SkipIfInCampaign: true);
        var request = ProviderHttp.Create(HttpMethod.Post, "api/v2/leads/add", ProviderRequestKind.DedupedSend, JsonContent.Create(body, InstantlyJsonContext.Default.LeadAddRequest));
        return SendCheckedAsync(request, InstantlyJsonContext.Default.InstantlyLeadAddResult, cancellationToken);
    }

    public async Task<InstantlyLead?> FindLeadAsync(string campaignId, string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        using var request = ProviderHttp.Create(HttpMethod.Post, "api/v2/leads/list", ProviderRequestKind.Read, JsonContent.Create(new LeadListRequest(campaignId, [email], 10), InstantlyJsonContext.Default.LeadListRequest));
        var page = await SendCheckedAsync(request, InstantlyJsonContext.Default.InstantlyPageInstantlyLead, cancellationToken).ConfigureAwait(false);

        // The filter may be applied loosely: match the address and campaign exactly here.
        return page.Items.FirstOrDefault(l => string.Equals(l.Email, email, StringComparison.OrdinalIgnoreCase) && (l.Campaign is null || string.Equals(l.Campaign, campaignId, StringComparison.OrdinalIgnoreCase)));
    }

    public Task<InstantlyLead> UpdateLeadVariablesAsync(string leadId, IReadOnlyDictionary<string, string> customVariables, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leadId);
        ArgumentNullException.ThrowIfNull(customVariables);
        var request = ProviderHttp.Create(HttpMethod.Patch, "api/v2/leads/" + Uri.EscapeDataString(leadId), ProviderRequestKind.DedupedSend, JsonContent.Create(new LeadPatchRequest(customVariables), InstantlyJsonContext.Default.LeadPatchRequest));
        return SendCheckedAsync(request, InstantlyJsonContext.Default.InstantlyLead, cancellationToken);
    }

    private async Task CampaignActionAsync(string campaignId, string action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var request = ProviderHttp.Create(HttpMethod.Post, $"api/v2/campaigns/{Uri.EscapeDataString(campaignId)}/{action}", ProviderRequestKind.Send);
        using var document = await _client.SendForDocumentAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowOnErrorBody(document.RootElement);
    }

    /// <summary>Some endpoints answer 200 with <c>{"error": "ACC_AUTH_ERROR" | "ACC_NOT_FOUND" | …}</c>: that is an error too.</summary>
    private async Task<T> SendCheckedAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var document = await _client.SendForDocumentAsync(request, cancellationToken).ConfigureAwait(false);
            ThrowOnErrorBody(document.RootElement);
            try
            {
                return document.RootElement.Deserialize(type) ?? throw new CaioApiException(ProviderName, HttpStatusCode.OK, "instantly sent an empty answer", "malformed_response");
            }
            catch (JsonException ex)
            {
                throw new CaioApiException(ProviderName, HttpStatusCode.OK, "instantly sent a malformed answer", "malformed_response", innerException: ex);
            }
        }
    }

    private void ThrowOnErrorBody(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String || root.TryGetProperty("id", out _))
        {
            return;
        }

        var code = _client.Redact(error.GetString())!;
        throw code == "ACC_AUTH_ERROR"
            ? new CaioAuthenticationException(ProviderName, HttpStatusCode.OK, $"instantly refused the account's authentication ({code}); check {InstantlyOptions.SectionName}:ApiKey ({InstantlyOptions.ApiKeyVariable})", code)
            : new CaioApiException(ProviderName, HttpStatusCode.OK, $"instantly answered with error {code}", code);
    }
}
