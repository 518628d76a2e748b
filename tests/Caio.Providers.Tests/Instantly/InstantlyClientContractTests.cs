using System.Net;
using System.Text.Json;
using Caio.Providers.Instantly;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests.Instantly;

public sealed class InstantlyClientContractTests : IAsyncLifetime
{
    private readonly FakeInstantlyServer _fake = new();
    private ServiceProvider _services = null!;
    private IInstantlyClient _sut = null!;

    public async ValueTask InitializeAsync()
    {
        await _fake.StartAsync(TestContext.Current.CancellationToken);
        _services = ProviderServices.Build(caio => caio.AddInstantly(o => ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey)));
        _sut = _services.GetRequiredService<IInstantlyClient>();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task AddLeads_PostsDocumentedBody_WithBothSkipFlags()
    {
        var campaign = _fake.AddCampaign("outbound");

        var result = await _sut.AddLeadsAsync(campaign, [new InstantlyNewLead { Email = "ana@acme.com", CustomVariables = new Dictionary<string, string> { ["caio_subject_1"] = "Hi" } }], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.LeadsUploaded);
        Assert.Equal("ana@acme.com", Assert.Single(result.CreatedLeads).Email);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal(("POST", "/api/v2/leads/add"), (request.Method, request.Path));
        Assert.Equal("Bearer " + _fake.ApiKey, request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(campaign, body.RootElement.GetProperty("campaign_id").GetString());
        Assert.True(body.RootElement.GetProperty("skip_if_in_workspace").GetBoolean());
        Assert.True(body.RootElement.GetProperty("skip_if_in_campaign").GetBoolean());
        var lead = body.RootElement.GetProperty("leads")[0];
        Assert.Equal("ana@acme.com", lead.GetProperty("email").GetString());
        Assert.Equal("Hi", lead.GetProperty("custom_variables").GetProperty("caio_subject_1").GetString());
    }

    [Fact]
    public async Task CreateCampaign_IsAlwaysDraft_WithScheduleAndVariableSteps()
    {
        var created = await _sut.CreateCampaignAsync(new InstantlyCampaignDraft { Name = "Q1", TimeZone = "America/Chicago", Steps = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal("draft", created.StatusName);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal(("POST", "/api/v2/campaigns"), (request.Method, request.Path));
        using var body = JsonDocument.Parse(request.Body);
        var schedule = body.RootElement.GetProperty("campaign_schedule").GetProperty("schedules")[0];
        Assert.Equal("09:00", schedule.GetProperty("timing").GetProperty("from").GetString());
        Assert.Equal("America/Chicago", schedule.GetProperty("timezone").GetString());
        Assert.False(schedule.GetProperty("days").GetProperty("0").GetBoolean());
        Assert.True(schedule.GetProperty("days").GetProperty("1").GetBoolean());
        var steps = body.RootElement.GetProperty("sequences")[0].GetProperty("steps");
        Assert.Equal("{{caio_subject_2}}", steps[1].GetProperty("variants")[0].GetProperty("subject").GetString());
        Assert.Equal("{{caio_body_1}}", steps[0].GetProperty("variants")[0].GetProperty("body").GetString());
        Assert.DoesNotContain(_fake.SideEffects, e => e.Kind == "campaign_activated");
    }

    [Fact]
    public async Task ListCampaigns_FollowsCursorAcrossPages()
    {
        for (var i = 0; i < 230; i++)
        {
            _fake.AddCampaign("c" + i);
        }

        var campaigns = await _services.GetServices<IProviderCampaigns>().Single(c => c.Provider == "instantly").ListCampaignsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(230, campaigns.Count);
        Assert.Equal(230, campaigns.Select(c => c.Id).Distinct().Count());
        Assert.Equal(3, _fake.Requests.Count);
        Assert.Contains(_fake.Requests, r => r.Query.Contains("starting_after=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ActivateAndPause_PostToDocumentedPaths()
    {
        var campaign = _fake.AddCampaign("c", status: 0);

        await _sut.ActivateCampaignAsync(campaign, TestContext.Current.CancellationToken);
        Assert.Equal(1, _fake.CampaignStatus(campaign));
        await _sut.PauseCampaignAsync(campaign, TestContext.Current.CancellationToken);

        Assert.Equal(2, _fake.CampaignStatus(campaign));
        Assert.Equal(["/api/v2/campaigns/" + campaign + "/activate", "/api/v2/campaigns/" + campaign + "/pause"], _fake.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task WrongKey_IsAuthenticationError_OneAttempt_NoSecretInMessage()
    {
        await using var services = ProviderServices.Build(caio => caio.AddInstantly(o => ProviderServices.Fast(o, _fake.BaseUrl, "wrong-secret-key")));
        var sut = services.GetRequiredService<IInstantlyClient>();

        var error = await Assert.ThrowsAsync<CaioAuthenticationException>(() => sut.ListCampaignsAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("instantly", error.Provider);
        Assert.Contains("INSTANTLY_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-key", error.ToString(), StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NotFound_IsNeverRetried(bool dead)
    {
        _fake.Faults.Dead = dead;

        var error = await Assert.ThrowsAsync<CaioApiException>(() => _sut.GetCampaignAsync("missing", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.True(error.IsDefinite);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task BadRequest_IsNeverRetried_AndCarriesProviderMessage()
    {
        var error = await Assert.ThrowsAsync<CaioApiException>(() => _sut.AddLeadsAsync("missing", [new InstantlyNewLead { Email = "a@b.co" }], TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("Campaign not found", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task ServerError_OnRead_IsRetried_ThenSurfaces()
    {
        _fake.Faults.ServerErrorRate = 1;

        var error = await Assert.ThrowsAsync<CaioApiException>(() => _sut.ListCampaignsAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.False(error.IsDefinite);
        Assert.Equal(4, _fake.Requests.Count);
    }

    [Fact]
    public async Task ServerError_OnNonDedupedSend_IsNotRetried()
    {
        var campaign = _fake.AddCampaign("c", status: 0);
        _fake.Faults.ServerErrorRate = 1;

        await Assert.ThrowsAsync<CaioApiException>(() => _sut.ActivateCampaignAsync(campaign, TestContext.Current.CancellationToken));

        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task ServerError_OnDedupedLeadAdd_IsRetried()
    {
        var campaign = _fake.AddCampaign("c");
        _fake.Faults.ServerErrorRate = 1;

        await Assert.ThrowsAsync<CaioApiException>(() => _sut.AddLeadsAsync(campaign, [new InstantlyNewLead { Email = "a@b.co" }], TestContext.Current.CancellationToken));

        Assert.Equal(4, _fake.Requests.Count);
        Assert.Empty(_fake.SideEffects);
    }

    [Fact]
    public async Task RateLimit_WithoutRetryBudget_IsRateLimitException()
    {
        await using var services = ProviderServices.Build(caio => caio.AddInstantly(o =>
        {
            ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey);
            o.EnforceRateLimits = false;
            o.MaxRetries = 0;
        }));
        var sut = services.GetRequiredService<IInstantlyClient>();

        var calls = Enumerable.Range(0, 150).Select(_ => sut.GetCampaignAsync(_fake.AddCampaign("c"), TestContext.Current.CancellationToken));
        var results = await Task.WhenAll(calls.Select(async c => { try { await c; return null; } catch (CaioApiException ex) { return ex; } }));

        Assert.Contains(results, r => r is CaioRateLimitException { StatusCode: HttpStatusCode.TooManyRequests });
    }

    [Fact]
    public async Task MalformedAnswer_IsApiException_NotJsonException()
    {
        _fake.Faults.MalformedRate = 1;

        var error = await Assert.ThrowsAsync<CaioApiException>(() => _sut.ListCampaignsAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("malformed_response", error.ErrorCode);
    }
}
