using System.Net;
using System.Text.Json;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Providers.HeyReach;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests.HeyReach;

public sealed class HeyReachContractTests : IAsyncLifetime
{
    private const string Profile = "https://www.linkedin.com/in/ana-lopez/";
    private readonly FakeHeyReachServer _fake = new();
    private ServiceProvider _services = null!;
    private IHeyReachClient _sut = null!;
    private IDispatchChannel _channel = null!;
    private long _campaign;

    public async ValueTask InitializeAsync()
    {
        await _fake.StartAsync(TestContext.Current.CancellationToken);
        _campaign = _fake.AddCampaign("tier 1");
        _services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey);
            o.DefaultCampaignId = _campaign;
            o.ListId = 5;
            o.LinkedInAccountId = FakeHeyReachServer.SenderAccountId;
        }));
        _sut = _services.GetRequiredService<IHeyReachClient>();
        _channel = _services.GetServices<IDispatchChannel>().Single(c => c.Name == "heyreach");
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private static ChannelSendRequest Request(int step = 1, string body = "Hello Ana") =>
        new("caio-key:" + step, "ana@acme.com", "ana@acme.com", Profile, step, string.Empty, body, "item-1", "batch-1") { Tier = Tier.Tier1 };

    [Fact]
    public async Task Connect_AddsToListFirst_ThenCampaignWithAccountLeadPairs_NeverResuming()
    {
        var result = await _channel.SendAsync(Request(), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        var writes = _fake.Requests.Where(r => r.Path is "/list/AddLeadsToListV2" or "/campaign/AddLeadsToCampaignV2").ToList();
        Assert.Equal(["/list/AddLeadsToListV2", "/campaign/AddLeadsToCampaignV2"], writes.Select(r => r.Path));
        Assert.All(_fake.Requests, r => Assert.Equal(_fake.ApiKey, r.Headers["X-API-KEY"]));
        using var body = JsonDocument.Parse(writes[1].Body);
        Assert.Equal(_campaign, body.RootElement.GetProperty("campaignId").GetInt64());
        Assert.False(body.RootElement.GetProperty("resumePausedCampaign").GetBoolean());
        Assert.False(body.RootElement.GetProperty("resumeFinishedCampaign").GetBoolean());
        var pair = body.RootElement.GetProperty("accountLeadPairs")[0];
        Assert.Equal(FakeHeyReachServer.SenderAccountId, pair.GetProperty("linkedInAccountId").GetInt64());
        Assert.Equal(Profile, pair.GetProperty("lead").GetProperty("profileUrl").GetString());
        Assert.Single(_fake.SideEffects, e => e.Kind == "lead_added");
    }

    [Fact]
    public async Task Connect_Twice_IsOneSideEffect_AndCheckSaysSent()
    {
        await _channel.SendAsync(Request(), TestContext.Current.CancellationToken);
        var again = await _channel.SendAsync(Request(), TestContext.Current.CancellationToken);

        Assert.True(again.Succeeded);
        Assert.Single(_fake.SideEffects, e => e.Kind == "lead_added");
        Assert.Equal(DeliveryStatus.Sent, (await _channel.CheckAsync(Request(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Connect_IntoPausedCampaign_DoesNotReactivateIt()
    {
        var paused = _fake.AddCampaign("paused", "PAUSED");

        await _sut.AddLeadsToCampaignAsync(paused, FakeHeyReachServer.SenderAccountId, [new HeyReachLead { ProfileUrl = Profile }], TestContext.Current.CancellationToken);

        Assert.Equal("PAUSED", _fake.CampaignStatus(paused));
        Assert.DoesNotContain(_fake.SideEffects, e => e.Kind == "campaign_reactivated");
    }

    [Fact]
    public async Task AddToDraft_Is400_NotRetried_AndFailedSend()
    {
        var draft = _fake.AddCampaign("draft", "DRAFT");

        var error = await Assert.ThrowsAsync<CaioApiException>(() => _sut.AddLeadsToCampaignAsync(draft, null, [new HeyReachLead { ProfileUrl = Profile }], TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("DRAFT", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Message_GoesIntoExistingConversation_Once()
    {
        _fake.OpenConversation(Profile);

        var first = await _channel.SendAsync(Request(step: 2, body: "Following up"), TestContext.Current.CancellationToken);
        var second = await _channel.SendAsync(Request(step: 2, body: "Following up"), TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Single(_fake.SideEffects, e => e.Kind == "message_sent");
        var send = _fake.Requests.Single(r => r.Path == "/inbox/SendMessage");
        using var body = JsonDocument.Parse(send.Body);
        Assert.Equal("Following up", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(FakeHeyReachServer.SenderAccountId, body.RootElement.GetProperty("linkedInAccountId").GetInt64());
        Assert.True(body.RootElement.TryGetProperty("conversationId", out _));
    }

    [Fact]
    public async Task Message_WithoutConversation_IsFailed()
    {
        var result = await _channel.SendAsync(Request(step: 2), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("no conversation", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activate_StartsDraft_ResumesPaused()
    {
        var campaigns = _services.GetServices<IProviderCampaigns>().Single(c => c.Provider == "heyreach");
        var draft = _fake.AddCampaign("draft", "DRAFT");
        var paused = _fake.AddCampaign("paused", "PAUSED");

        await campaigns.ActivateCampaignAsync(draft.ToString(System.Globalization.CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        await campaigns.ActivateCampaignAsync(paused.ToString(System.Globalization.CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);

        Assert.Contains(_fake.Requests, r => r.Path == "/campaign/StartCampaign" && r.Query == "?campaignId=" + draft);
        Assert.Contains(_fake.Requests, r => r.Path == "/campaign/Resume" && r.Query == "?campaignId=" + paused);
        Assert.Equal("IN_PROGRESS", _fake.CampaignStatus(draft));
    }

    [Fact]
    public async Task ListCampaigns_PagesByOffset()
    {
        for (var i = 0; i < 150; i++)
        {
            _fake.AddCampaign("c" + i);
        }

        var all = await _services.GetServices<IProviderCampaigns>().Single(c => c.Provider == "heyreach").ListCampaignsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(151, all.Count);
        Assert.Equal(2, _fake.Requests.Count(r => r.Path == "/campaign/GetAll"));
    }

    [Fact]
    public async Task WrongKey_IsUnauthorized_OneAttempt()
    {
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o => ProviderServices.Fast(o, _fake.BaseUrl, "nope-secret")));
        var probe = services.GetServices<IProviderProbe>().Single();

        var result = await probe.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal("unauthorized", result.Status);
        Assert.DoesNotContain("nope-secret", result.Detail, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
        Assert.Equal("/auth/CheckApiKey", _fake.Requests[0].Path);
    }

    [Fact]
    public async Task SendMessage_ServerError_IsNotRetried_OutcomeUnknown()
    {
        var conversation = _fake.OpenConversation(Profile);
        _fake.Faults.ServerErrorRate = 1;

        var error = await Assert.ThrowsAsync<CaioApiException>(() => _sut.SendMessageAsync(conversation, 1, "hi", TestContext.Current.CancellationToken));

        Assert.False(error.IsDefinite);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task RateLimited_BeyondRetryBudget_IsRateLimitException_WithRetryAfter()
    {
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey);
            o.EnforceRateLimits = false;
            o.MaxRetryAfter = TimeSpan.FromMilliseconds(1);
        }));
        var sut = services.GetRequiredService<IHeyReachClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, 310).Select(async _ =>
        {
            try
            {
                await sut.CheckApiKeyAsync(TestContext.Current.CancellationToken);
                return null;
            }
            catch (CaioRateLimitException ex)
            {
                return ex;
            }
        }));

        var limited = results.OfType<CaioRateLimitException>().ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, e => Assert.True(e.RetryAfter > TimeSpan.Zero));
        Assert.Equal(_fake.RateLimited, limited.Count);
    }
}
