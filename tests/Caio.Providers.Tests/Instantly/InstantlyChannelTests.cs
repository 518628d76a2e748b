using Caio.Batches;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Providers.Instantly;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests.Instantly;

public sealed class InstantlyChannelTests : IAsyncLifetime
{
    private readonly FakeInstantlyServer _fake = new();
    private ServiceProvider _services = null!;
    private string _tier1 = null!;
    private string _fallback = null!;
    private IDispatchChannel _sut = null!;

    public async ValueTask InitializeAsync()
    {
        await _fake.StartAsync(TestContext.Current.CancellationToken);
        _tier1 = _fake.AddCampaign("tier 1");
        _fallback = _fake.AddCampaign("default");
        _services = ProviderServices.Build(caio => caio.AddInstantly(o =>
        {
            ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey);
            o.Campaigns["tier_1"] = _tier1;
            o.DefaultCampaignId = _fallback;
        }));
        _sut = _services.GetServices<IDispatchChannel>().Single(c => c.Name == "instantly");
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private static ChannelSendRequest Request(string email, int step = 1, Tier tier = Tier.Tier1, string key = "caio-k1") =>
        new(key + ":" + step, email, email, null, step, "Subject " + step, "Body " + step, "item-1", "batch-1") { Tier = tier };

    [Fact]
    public async Task Send_FirstStep_AddsLeadToTierCampaign_WithApprovedCopy()
    {
        var result = await _sut.SendAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal(["ana@acme.com"], _fake.LeadsIn(_tier1));
        var effect = Assert.Single(_fake.SideEffects);
        Assert.Equal(("lead_added", "ana@acme.com", 1), (effect.Kind, effect.Recipient, effect.Step));
        Assert.Contains("\"caio_body_1\":\"Body 1\"", _fake.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TierWithoutCampaign_UsesDefault()
    {
        await _sut.SendAsync(Request("bo@acme.com", tier: Tier.Tier3), TestContext.Current.CancellationToken);

        Assert.Equal(["bo@acme.com"], _fake.LeadsIn(_fallback));
    }

    [Fact]
    public async Task Send_Twice_SameKey_IsOneSideEffect_AndSentBothTimes()
    {
        var first = await _sut.SendAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken);
        var second = await _sut.SendAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Single(_fake.SideEffects);
    }

    [Fact]
    public async Task Send_LeadAddedBySomeoneElse_IsFailed_NotSent()
    {
        _fake.SeedLead(_tier1, "cy@acme.com");

        var result = await _sut.SendAsync(Request("cy@acme.com"), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("already in the workspace", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_AnswerLostAfterSideEffect_DedupedRetry_IsSent_OneSideEffect()
    {
        _fake.Faults.AbortAfterSideEffectRate = 1;

        var result = await _sut.SendAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Single(_fake.SideEffects);
        Assert.Equal(DeliveryStatus.Sent, (await _sut.CheckAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Send_ProviderKeepsFailing_Throws_OutcomeUnknown_ThenCheckSaysNotSent()
    {
        _fake.Faults.ServerErrorRate = 1;

        var error = await Assert.ThrowsAsync<CaioApiException>(async () => await _sut.SendAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken));
        _fake.Faults.Clear();

        Assert.False(error.IsDefinite);
        Assert.Equal(DeliveryStatus.NotSent, (await _sut.CheckAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Check_UnknownLead_IsNotSent()
    {
        var check = await _sut.CheckAsync(Request("nobody@acme.com"), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryStatus.NotSent, check.Status);
    }

    [Fact]
    public async Task Send_LaterStep_SetsStepVariablesOnce()
    {
        await _sut.SendAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken);

        var second = await _sut.SendAsync(Request("ana@acme.com", step: 2), TestContext.Current.CancellationToken);
        var again = await _sut.SendAsync(Request("ana@acme.com", step: 2), TestContext.Current.CancellationToken);

        Assert.True(second.Succeeded && again.Succeeded);
        Assert.Single(_fake.SideEffects, e => e.Kind == "step_scheduled" && e.Step == 2);
        Assert.Equal(DeliveryStatus.Sent, (await _sut.CheckAsync(Request("ana@acme.com", step: 2), TestContext.Current.CancellationToken)).Status);
        var patch = _fake.Requests.Last(r => r.Method == "PATCH");
        Assert.Contains("\"caio_subject_1\":\"Subject 1\"", patch.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_LaterStep_WithoutFirst_IsFailed()
    {
        var result = await _sut.SendAsync(Request("new@acme.com", step: 2), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Empty(_fake.SideEffects);
    }

    [Fact]
    public async Task Send_DeadProvider_IsFailedAfterOneCall()
    {
        _fake.Faults.Dead = true;

        var result = await _sut.SendAsync(Request("ana@acme.com"), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("404", result.Error, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Send_CircuitOpen_IsUnavailable_NotFailed_AndNoRequestLeaves()
    {
        var ct = TestContext.Current.CancellationToken;
        _fake.Faults.Dead = true;
        await using var services = ProviderServices.Build(caio => caio.AddInstantly(o =>
        {
            ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey);
            o.DefaultCampaignId = _fallback;
            o.BreakerMinimumThroughput = 5;
            o.BreakDuration = TimeSpan.FromMinutes(5);
        }));
        var channel = services.GetServices<IDispatchChannel>().Single(c => c.Name == "instantly");

        var results = new List<ChannelSendResult>();
        for (var i = 0; i < 20 && !results.Any(r => r.NotAttempted); i++)
        {
            results.Add(await channel.SendAsync(Request("lead" + i + "@acme.com"), ct));
        }

        var requests = _fake.Requests.Count;
        var unavailable = await channel.SendAsync(Request("late@acme.com"), ct);

        Assert.All(results[..^1], r => Assert.True(!r.Succeeded && !r.NotAttempted && r.Error!.Contains("404", StringComparison.Ordinal), r.Error));
        Assert.True(results[^1].NotAttempted, results[^1].Error);
        Assert.True(unavailable is { Succeeded: false, NotAttempted: true }, unavailable.Error);
        Assert.Contains("circuit", unavailable.Error, StringComparison.Ordinal);
        Assert.Equal(requests, _fake.Requests.Count);
    }

    [Fact]
    public void Serves_OutboundAndCadence_NotRevival()
    {
        Assert.True(_sut.Serves(BatchMotion.Outbound));
        Assert.True(_sut.Serves(BatchMotion.Cadence));
        Assert.False(_sut.Serves(BatchMotion.Revival));
    }
}
