using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Webhooks;
using Caio.Dedup;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.AspNetCore.Tests.Webhooks;

/// <summary>Webhook authentication, dedupe, durable acceptance and the engagement effects.</summary>
public sealed class WebhookTests
{
    private const string Unsubscribe = "{\"event_type\":\"lead_unsubscribed\",\"timestamp\":\"2026-11-30T10:00:00Z\",\"campaign_id\":\"c1\",\"lead_email\":\"ana@acme.example\"}";
    private const string Reply = "{\"event_type\":\"reply_received\",\"timestamp\":\"2026-11-30T10:05:00Z\",\"campaign_id\":\"c1\",\"lead_email\":\"bo@beta.example\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void HmacSignature_MatchesTheContractsPublishedExample()
    {
        var body = Encoding.UTF8.GetBytes("{\"data\": {\"lead_email\": \"lead@example.com\", \"campaign_id\": \"camp_1\"}}");
        Assert.True(WebhookAuthenticator.SignatureMatches("instantly-secret", "sha256=4c178df9c051b51aef3709b5ac6b1cc9feaf0817a8d0b9719a6e629aa481bc9e", body));
        Assert.True(WebhookAuthenticator.SignatureMatches("instantly-secret", "HMAC-SHA256= 4C178DF9C051B51AEF3709B5AC6B1CC9FEAF0817A8D0B9719A6E629AA481BC9E", body));
        Assert.False(WebhookAuthenticator.SignatureMatches("instantly-secret", "sha256=invalid", body));
        Assert.False(WebhookAuthenticator.SignatureMatches("other-secret", "sha256=4c178df9c051b51aef3709b5ac6b1cc9feaf0817a8d0b9719a6e629aa481bc9e", body));
    }

    [Fact]
    public void StandardWebhooks_MatchesTheSpecificationsTestVector()
    {
        Assert.True(StandardWebhookVerifier.TryDecodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", out var key));
        var body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhookVerifier.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
        var at = DateTimeOffset.FromUnixTimeSeconds(1614265330);
        Assert.True(StandardWebhookVerifier.Verify([key], "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1,bm9ub3RyZWFs v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", body, at.AddMinutes(4), TimeSpan.FromMinutes(5), out _));
        Assert.False(StandardWebhookVerifier.Verify([key], "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", body, at.AddMinutes(6), TimeSpan.FromMinutes(5), out var stale));
        Assert.Contains("tolerance", stale, StringComparison.Ordinal);
        Assert.False(StandardWebhookVerifier.Verify([key], "msg_other", "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", body, at, TimeSpan.FromMinutes(5), out _));
    }

    [Fact]
    public async Task StrictMode_UnconfiguredIs503_UnauthenticatedIs401_BeforeTheBodyIsParsed()
    {
        await using var host = await WebHost.StartAsync(new Dictionary<string, string?> { ["DASHBOARD_AUTH_TOKEN"] = "t", ["WEBHOOK_SIGNATURE_REQUIRED"] = "true", ["CLAY_WEBHOOK_SECRET"] = "clay-secret" });
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Post(client, "/webhooks/instantly/open", "not json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(client, "/webhooks/clay", "not json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(client, "/webhooks/clay", "{}", ("X-Clay-Signature", "sha256=invalid"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(client, "/webhooks/clay", "{}", ("Authorization", "Bearer clay-secret"))).StatusCode);
        var signed = await Post(client, "/webhooks/clay", "{\"person\":{\"email\":\"ana@acme.example\"}}", ("X-Clay-Signature", "sha256=" + Hmac("clay-secret", "{\"person\":{\"email\":\"ana@acme.example\"}}")));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(client, "/webhooks/clay", "{\"a\":", ("X-Clay-Signature", "sha256=" + Hmac("clay-secret", "{\"a\":")))).StatusCode);
    }

    [Fact]
    public async Task Rb2b_AcceptsTheConfiguredBearerWhenNoSecretIsSet_SoReadyMeansReady()
    {
        await using var host = await WebHost.StartAsync(new Dictionary<string, string?> { ["ENVIRONMENT"] = "production", ["DASHBOARD_AUTH_TOKEN"] = "t", ["SESSION_SECRET_KEY"] = "s", ["WEBHOOK_BEARER_TOKEN"] = "wb" });
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(client, "/webhooks/rb2b", "{\"visitor\":1}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(client, "/webhooks/rb2b", "{\"visitor\":1}", ("Authorization", "Bearer wb"))).StatusCode);
        var health = JsonNode.Parse(await client.GetStringAsync("/webhooks/rb2b/health", Ct))!;
        Assert.True(health["ready"]!.GetValue<bool>());
        Assert.True(health["signature_strict_mode"]!.GetValue<bool>());
        Assert.DoesNotContain("wb\"", health.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeyReachUnsignedAllowlist_WorksUntilItsExpiryAndIsRequiredToHaveOne()
    {
        await using (var open = await WebHost.StartAsync(new Dictionary<string, string?> { ["WEBHOOK_SIGNATURE_REQUIRED"] = "true", ["HEYREACH_UNSIGNED_ALLOWLIST"] = "true", ["HEYREACH_UNSIGNED_ALLOWLIST_EXPIRES_AT"] = "2999-01-01T00:00:00Z" }))
        {
            using var client = open.Client();
            Assert.Equal(HttpStatusCode.OK, (await Post(client, "/webhooks/heyreach", "{\"eventType\":\"MESSAGE_REPLY_RECEIVED\",\"lead\":{\"profileUrl\":\"https://www.linkedin.com/in/ada\"}}")).StatusCode);

            // HeyReach bodies go through HeyReach's parser: an event type Caio does not act on is answered 200
            // (the deployment gate's UNKNOWN body), a reply that does not identify its lead is refused with the reason.
            Assert.Equal(HttpStatusCode.OK, (await Post(client, "/webhooks/heyreach", "{\"eventType\": \"UNKNOWN\", \"data\": {\"lead_email\": \"lead@example.com\"}}")).StatusCode);
            var anonymous = await Post(client, "/webhooks/heyreach", "{\"eventType\":\"MESSAGE_REPLY_RECEIVED\"}");
            Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
            Assert.Contains("profile URL is missing", await anonymous.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        await using (var expired = await WebHost.StartAsync(new Dictionary<string, string?> { ["WEBHOOK_SIGNATURE_REQUIRED"] = "true", ["HEYREACH_UNSIGNED_ALLOWLIST"] = "true", ["HEYREACH_UNSIGNED_ALLOWLIST_EXPIRES_AT"] = "2000-01-01T00:00:00Z" }))
        {
            using var client = expired.Client();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Post(client, "/webhooks/heyreach", "{}")).StatusCode);
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WebHost.StartAsync(new Dictionary<string, string?> { ["HEYREACH_UNSIGNED_ALLOWLIST"] = "true" }));
        Assert.Contains("HEYREACH_UNSIGNED_ALLOWLIST_EXPIRES_AT", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribe_IsAcceptedOnceSuppressesTheRecipient_AndADuplicateIsIgnored()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        var first = await Post(client, "/webhooks/instantly", Unsubscribe, ("Authorization", "Bearer wb-A"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("received", JsonNode.Parse(await first.Content.ReadAsStringAsync(Ct))!["status"]!.GetValue<string>());
        var second = await Post(client, "/webhooks/instantly/unsubscribe", Unsubscribe, ("Authorization", "Bearer wb-A"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("duplicate", JsonNode.Parse(await second.Content.ReadAsStringAsync(Ct))!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Post(client, "/webhooks/instantly", Reply, ("Authorization", "Bearer wb-A"))).StatusCode);

        var suppression = host.Services.GetRequiredService<SuppressionStore>();
        var history = host.Services.GetRequiredService<ContactHistory>();
        var ana = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;
        var bo = EmailCanonicalizer.Default.CreateKey("bo@beta.example").Value;
        await WaitUntil(async () => await suppression.GetReasonAsync(ana, Ct) is not null && (await history.GetAsync(bo, Ct))?.Terminal is not null);
        Assert.Equal(ReasonCodes.SuppressedUnsubscribed, await suppression.GetReasonAsync(ana, Ct));
        Assert.Equal(TerminalStatus.Replied, (await history.GetAsync(bo, Ct))!.Terminal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(client, "/webhooks/instantly", "{\"event_type\":\"lead_unsubscribed\"}", ("Authorization", "Bearer wb-A"))).StatusCode);
    }

    [Fact]
    public async Task SoftBounce_ProcessedAgainAfterACrash_IsCountedOnce()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var applier = host.Services.GetRequiredService<EngagementApplier>();
        var bounce = new Caio.Engagement.EngagementEvent
        {
            Provider = "instantly",
            EventId = "evt_soft_1",
            Kind = Caio.Engagement.EngagementEventKind.BouncedSoft,
            ProviderEventType = "email_bounced",
            Email = "ana@acme.example",
        };

        // The inbox applies an event, then marks it done; a crash between the two applies it again.
        Assert.Equal("soft_bounce_counted", await applier.ApplyAsync(bounce, Ct));
        Assert.Equal("soft_bounce_counted", await applier.ApplyAsync(bounce, Ct));
        await applier.ApplyAsync(bounce with { EventId = "evt_soft_2" }, Ct);

        var ana = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;
        var entry = await host.Services.GetRequiredService<SuppressionStore>().GetAsync(ana, Ct);
        Assert.Equal(2, entry!.SoftBounces);
    }

    [Fact]
    public async Task OversizeBody_Is413()
    {
        await using var host = await WebHost.StartAsync(new Dictionary<string, string?>(WebHost.ProfileA) { ["WEBHOOK_MAX_BODY_BYTES"] = "1000" });
        using var client = host.Client();
        var huge = "{\"pad\":\"" + new string('x', 2000) + "\"}";
        Assert.Equal((HttpStatusCode)413, (await Post(client, "/webhooks/clay", huge, ("Authorization", "Bearer wb-A"))).StatusCode);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/webhooks/clay") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))) };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Add("Authorization", "Bearer wb-A");
        Assert.Equal((HttpStatusCode)413, (await client.SendAsync(chunked, Ct)).StatusCode);
    }

    [Fact]
    public async Task AcceptedEvent_LeftInTheInboxByAStop_IsProcessedAfterTheRestart()
    {
        var state = Directory.CreateTempSubdirectory("caio-web-restart-").FullName;
        await using (var first = await WebHost.StartAsync(WebHost.ProfileA, state))
        {
            // The processor is down: the event is only accepted, as when the host stops right after answering.
            await first.Services.GetRequiredService<WebhookInboxProcessor>().StopAsync(Ct);
            using var client = first.Client();
            Assert.Equal(HttpStatusCode.OK, (await Post(client, "/webhooks/instantly", Unsubscribe, ("Authorization", "Bearer wb-A"))).StatusCode);
            var firstStore = first.Services.GetRequiredService<IStateStore>();
            Assert.Single(await firstStore.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct));
        }

        await using var second = await WebHost.StartAsync(WebHost.ProfileA, state);
        var suppression = second.Services.GetRequiredService<SuppressionStore>();
        var ana = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;
        await WaitUntil(async () => await suppression.GetReasonAsync(ana, Ct) is not null);
        var store = second.Services.GetRequiredService<IStateStore>();
        await WaitUntil(async () => (await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct)).Count == 0);
        Directory.Delete(state, recursive: true);
    }

    internal static async Task<HttpResponseMessage> Post(HttpClient client, string path, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, Ct);
    }

    internal static string Hmac(string secret, string body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    internal static async Task WaitUntil(Func<Task<bool>> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 20; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"the condition did not hold within {seconds} s");
    }
}
