using Caio.Dispatch;
using Caio.Leads;
using Caio.Providers.HeyReach;
using Caio.Providers.Instantly;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests;

/// <summary>
/// How the shared provider pipeline spends a call's time: a stalled answer body is bounded by the call's timeouts,
/// and a call that ran out of time while nothing of it had reached the provider (waiting for the rate limit) is the
/// rate limit's, so a send settles as not sent instead of unknown.
/// </summary>
public sealed class ProviderPipelineTimeTests
{
    private const string Profile = "https://www.linkedin.com/in/ana-lopez/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChannelSendRequest Request(int step) =>
        new("caio-key:" + step, "ana@acme.com", "ana@acme.com", Profile, step, string.Empty, "Hello Ana", "item-1", "batch-1") { Tier = Tier.Tier1 };

    [Fact]
    public async Task Read_WhoseAnswerBodyStalls_TimesOutWithinTheReadTimeout()
    {
        await using var fake = new FakeHeyReachServer();
        await fake.StartAsync(Ct);
        fake.Faults.StalledBodyRate = 1;
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, fake.BaseUrl, fake.ApiKey);
            o.MaxRetries = 0;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.ReadTimeout = TimeSpan.FromSeconds(1);
        }));
        var client = services.GetRequiredService<IHeyReachClient>();

        // The caller's own deadline is far off: only the pipeline's timeouts can end the read in time.
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        caller.CancelAfter(TimeSpan.FromSeconds(20));
        var error = await Record.ExceptionAsync(() => client.CheckApiKeyAsync(caller.Token));

        var timeout = Assert.IsType<CaioApiException>(error);
        Assert.Equal("timeout", timeout.ErrorCode);
        Assert.False(caller.IsCancellationRequested);
    }

    [Fact]
    public async Task Send_WhoseStalledAnswerTimesOut_IsStillUnknown_NotRateLimited()
    {
        await using var fake = new FakeHeyReachServer();
        await fake.StartAsync(Ct);
        var conversation = fake.OpenConversation(Profile);
        fake.Faults.StalledBodyRate = 1;
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, fake.BaseUrl, fake.ApiKey);
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.SendTimeout = TimeSpan.FromSeconds(1);
        }));
        var client = services.GetRequiredService<IHeyReachClient>();

        var error = await Assert.ThrowsAsync<CaioApiException>(() => client.SendMessageAsync(conversation, FakeHeyReachServer.SenderAccountId, "hi", Ct));

        // The request reached the provider, which acted on it: the outcome is unknown, not "not sent".
        Assert.IsNotType<CaioRateLimitException>(error);
        Assert.Equal("timeout", error.ErrorCode);
        Assert.Single(fake.SideEffects);
    }

    [Fact]
    public async Task Send_Answered429_WithAWaitLongerThanTheSendTimeoutLeaves_IsRateLimitedAtOnce_NotUnknown()
    {
        var frozen = new FrozenTime(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        await using var fake = new FakeHeyReachServer(timeProvider: frozen);
        await fake.StartAsync(Ct);
        var conversation = fake.OpenConversation(Profile);
        await ExhaustWindowAsync(fake);
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, fake.BaseUrl, fake.ApiKey);
            o.EnforceRateLimits = false;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.SendTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetryAfter = TimeSpan.FromMinutes(2); // the provider's 60 s wait is allowed, but not within 1 s
        }));
        var client = services.GetRequiredService<IHeyReachClient>();

        var error = await Assert.ThrowsAsync<CaioRateLimitException>(() => client.SendMessageAsync(conversation, FakeHeyReachServer.SenderAccountId, "hi", Ct));

        // The provider's 429 itself, at once: a wait that cannot fit in the time left is not entered.
        Assert.Equal(TimeSpan.FromMinutes(1), error.RetryAfter);
        Assert.NotEqual("rate_limit_wait", error.ErrorCode);
        Assert.Equal(429, Assert.Single(fake.Requests, r => r.Path == "/inbox/SendMessage").Status);
        Assert.Empty(fake.SideEffects);
    }

    [Fact]
    public async Task ChannelSend_WhoseCallsWereOnlyAnswered429_IsNotAttempted()
    {
        var frozen = new FrozenTime(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        await using var fake = new FakeHeyReachServer(timeProvider: frozen);
        await fake.StartAsync(Ct);
        fake.OpenConversation(Profile);
        await ExhaustWindowAsync(fake);
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, fake.BaseUrl, fake.ApiKey);
            o.EnforceRateLimits = false;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.SendTimeout = TimeSpan.FromSeconds(1);
            o.ReadTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetryAfter = TimeSpan.FromMinutes(2);
            o.DefaultCampaignId = 1;
            o.LinkedInAccountId = FakeHeyReachServer.SenderAccountId;
        }));
        var channel = services.GetServices<IDispatchChannel>().Single(c => c.Name == "heyreach");

        var result = await channel.SendAsync(Request(2), Ct);

        // Nothing reached the provider: the item stays approved instead of waiting on reconciliation as maybe sent.
        Assert.True(result.NotAttempted, result.Error);
        Assert.Empty(fake.SideEffects);
    }

    [Fact]
    public async Task Send_ThatWaitedInTheClientSideLimiterUntilItsTimeout_IsRateLimited_AndNeverLeft()
    {
        await using var fake = new FakeHeyReachServer();
        await fake.StartAsync(Ct);
        var conversation = fake.OpenConversation(Profile);
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, fake.BaseUrl, fake.ApiKey);
            o.RequestsPerMinute = 1;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.SendTimeout = TimeSpan.FromSeconds(1);
        }));
        var client = services.GetRequiredService<IHeyReachClient>();
        await client.CheckApiKeyAsync(Ct); // the minute's one permit

        var error = await Assert.ThrowsAsync<CaioRateLimitException>(() => client.SendMessageAsync(conversation, FakeHeyReachServer.SenderAccountId, "hi", Ct));

        Assert.Null(error.RetryAfter);
        Assert.Equal("rate_limit_wait", error.ErrorCode);
        Assert.DoesNotContain(fake.Requests, r => r.Path == "/inbox/SendMessage");
    }

    [Fact]
    public async Task DedupedSend_WhoseFirstAttemptTimedOut_AndSecondWas429_IsUnknown_NotRateLimited()
    {
        // The first attempt may have been acted on; the 429 of the second only speaks for the second.
        await using var server = await ScriptedServer.StartAsync(
            ScriptedServer.Hang,
            ScriptedServer.Answer(429, "application/json", "{\"message\":\"Too many requests\"}", ("Retry-After", "60")));
        await using var services = InstantlyAgainst(server, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.SendTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetryAfter = TimeSpan.FromMinutes(2);
        });

        var error = await Assert.ThrowsAsync<CaioApiException>(() => UpdateLeadAsync(services));

        Assert.IsNotType<CaioRateLimitException>(error);
        Assert.False(error.IsDefinite);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task DedupedSend_WhoseFirstAttemptWas503_AndSecondARefusal_IsUnknown_NotDefinite()
    {
        await using var server = await ScriptedServer.StartAsync(
            ScriptedServer.Answer(503, "application/json", "{\"message\":\"Service Unavailable\"}"),
            ScriptedServer.Answer(400, "application/json", "{\"message\":\"Bad request\"}"));
        await using var services = InstantlyAgainst(server);

        var error = await Assert.ThrowsAsync<CaioApiException>(() => UpdateLeadAsync(services));

        Assert.False(error.IsDefinite);
        Assert.Equal("outcome_unknown", error.ErrorCode);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Read_WhoseFirstAttemptWas503_AndSecondARefusal_KeepsTheRefusal()
    {
        await using var server = await ScriptedServer.StartAsync(
            ScriptedServer.Answer(503, "application/json", "{\"message\":\"Service Unavailable\"}"),
            ScriptedServer.Answer(404, "application/json", "{\"message\":\"Not found\"}"));
        await using var services = InstantlyAgainst(server);

        var error = await Assert.ThrowsAsync<CaioApiException>(() => services.GetRequiredService<IInstantlyClient>().GetCampaignAsync("c-1", Ct));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    /// <summary>An Instantly client against a scripted server, with the client-side limiter off so every request reaches it.</summary>
    private static ServiceProvider InstantlyAgainst(ScriptedServer server, Action<InstantlyOptions>? configure = null) =>
        ProviderServices.Build(caio => caio.AddInstantly(o =>
        {
            ProviderServices.Fast(o, server.BaseUrl, "key");
            o.EnforceRateLimits = false;
            configure?.Invoke(o);
        }));

    /// <summary>A deduped send: the lead's custom variables written with a PATCH.</summary>
    private static Task<InstantlyLead> UpdateLeadAsync(ServiceProvider services) =>
        services.GetRequiredService<IInstantlyClient>().UpdateLeadVariablesAsync("lead-1", new Dictionary<string, string> { ["caio_key_1"] = "k" }, Ct);

    /// <summary>Uses up the fake's 300 requests of its current minute (its clock is frozen, so the minute never ends).</summary>
    private static async Task ExhaustWindowAsync(FakeHeyReachServer fake)
    {
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o =>
        {
            ProviderServices.Fast(o, fake.BaseUrl, fake.ApiKey);
            o.EnforceRateLimits = false;
            o.MaxRetries = 0;
        }));
        var client = services.GetRequiredService<IHeyReachClient>();
        while (fake.RateLimited == 0)
        {
            await Record.ExceptionAsync(() => client.CheckApiKeyAsync(Ct));
        }
    }

    private sealed class FrozenTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
