using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Webhooks;
using Caio.Dedup;
using Caio.Engagement;
using Caio.Providers.Instantly;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caio.AspNetCore.Tests.Webhooks;

/// <summary>
/// The inbox between a webhook's answer and its effect: an event that keeps failing never holds back the
/// events behind it, and every body answered 2xx can be stored, read back and processed.
/// </summary>
public sealed class WebhookInboxTests
{
    private const string Unsubscribe = "{\"event_type\":\"lead_unsubscribed\",\"timestamp\":\"2026-11-30T10:00:00Z\",\"campaign_id\":\"c1\",\"lead_email\":\"ana@acme.example\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drain_MoreFailingEventsThanAPage_DoNotHoldBackALaterUnsubscribe()
    {
        // Instantly's parser with a bug: it throws on some bodies. The endpoint accepts those by their hash and the
        // processor fails on them every time.
        await using var host = await WebHost.StartAsync(WebHost.ProfileB, services: s => s.AddCaioWebhookParser("instantly", FailsOnPoison));
        using var client = host.Client();
        const int Failing = 300;
        var posts = Enumerable.Range(0, Failing).Select(i => WebhookTests.Post(client, "/webhooks/instantly", $"{{\"event_type\":\"email_opened\",\"poison\":true,\"campaign_id\":\"c{i}\",\"lead_email\":\"x{i}@other.example\"}}"));
        Assert.All(await Task.WhenAll(posts), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.Equal(HttpStatusCode.OK, (await WebhookTests.Post(client, "/webhooks/instantly", Unsubscribe)).StatusCode);

        var suppression = host.Services.GetRequiredService<SuppressionStore>();
        var ana = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;
        await WebhookTests.WaitUntil(async () => await suppression.GetReasonAsync(ana, Ct) is not null);
        Assert.Equal(ReasonCodes.SuppressedUnsubscribed, await suppression.GetReasonAsync(ana, Ct));

        // The failing events are kept for a retry, and each is reported once, not on every pass.
        var store = host.Services.GetRequiredService<IStateStore>();
        await WebhookTests.WaitUntil(async () => (await store.IndexRangeAsync(WebhookInbox.FailingIndex, double.MinValue, double.MaxValue, cancellationToken: Ct)).Count == Failing);
        Assert.Equal(Failing, (await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct)).Count);
        var firstReports = host.Errors.Entries.Where(e => e.Contains("could not be processed; it stays in the inbox", StringComparison.Ordinal)).ToList();
        foreach (var failing in await store.IndexRangeAsync(WebhookInbox.FailingIndex, double.MinValue, double.MaxValue, cancellationToken: Ct))
        {
            Assert.Single(firstReports, e => e.Contains(failing.Member, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Drain_EventThatKeepsFailing_IsRetriedAfterADoublingDelay_ReportedRarely_AndCompletedOnceItSucceeds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var broken = true;
        await using var host = await WebHost.StartAsync(WebHost.ProfileB, services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddCaioWebhookParser("instantly", payload => broken ? throw new InvalidOperationException("The parser cannot read this body.") : InstantlyWebhookParser.Parse(payload));
        });
        var sut = host.Services.GetRequiredService<WebhookInboxProcessor>();
        await sut.StopAsync(Ct);
        var inbox = host.Services.GetRequiredService<WebhookInbox>();
        var store = host.Services.GetRequiredService<IStateStore>();
        Assert.True(await inbox.AcceptAsync("instantly", "evt-1", null, "none", Encoding.UTF8.GetBytes(Unsubscribe), TimeSpan.FromHours(1), Ct));

        var delays = new List<double>();
        for (var attempt = 1; attempt <= 16; attempt++)
        {
            Assert.Equal(1, await sut.DrainAsync(Ct));
            Assert.Equal(0, await sut.DrainAsync(Ct));
            var due = (await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct)).Single().Score;
            delays.Add((due - time.GetUtcNow().ToUnixTimeMilliseconds()) / 1000);
            time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds((long)due));
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300, 300, 300, 300], delays);
        var failing = Assert.Single(await store.IndexRangeAsync(WebhookInbox.FailingIndex, double.MinValue, double.MaxValue, cancellationToken: Ct));
        Assert.Equal(3, host.Errors.Entries.Count(e => e.Contains(failing.Member, StringComparison.Ordinal))); // attempts 1, 8 and 16

        broken = false;
        Assert.Equal(1, await sut.DrainAsync(Ct));
        Assert.Empty(await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct));
        Assert.Empty(await store.IndexRangeAsync(WebhookInbox.FailingIndex, double.MinValue, double.MaxValue, cancellationToken: Ct));
        Assert.Null(await store.GetAsync(WebhookInbox.FailureKey(failing.Member), Ct));
        var ana = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;
        Assert.Equal(ReasonCodes.SuppressedUnsubscribed, await host.Services.GetRequiredService<SuppressionStore>().GetReasonAsync(ana, Ct));
    }

    [Fact]
    public async Task Complete_OfAnEventAnotherProcessSawFail_ClearsItsFailureToo()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileB);
        await host.Services.GetRequiredService<WebhookInboxProcessor>().StopAsync(Ct);
        var inbox = host.Services.GetRequiredService<WebhookInbox>();
        var store = host.Services.GetRequiredService<IStateStore>();
        Assert.True(await inbox.AcceptAsync("instantly", "evt-1", null, "none", Encoding.UTF8.GetBytes(Unsubscribe), TimeSpan.FromHours(1), Ct));
        var due = Assert.Single(await inbox.PendingAsync(10, Ct));
        var entry = (await inbox.ReadAsync(due, Ct))!;

        // Another process fails the same event after this one read it, then this one completes it.
        Assert.NotNull(await inbox.RecordFailureAsync(due.Member, new InvalidOperationException("elsewhere"), Ct));
        await inbox.CompleteAsync(entry, "suppressed_unsubscribed", TimeSpan.FromHours(1), Ct);

        Assert.Empty(await store.IndexRangeAsync(WebhookInbox.FailingIndex, double.MinValue, double.MaxValue, cancellationToken: Ct));
        Assert.Null(await store.GetAsync(WebhookInbox.FailureKey(due.Member), Ct));
        Assert.Empty(await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct));

        // And a failure recorded after the event was completed is refused instead of listing a finished event.
        Assert.Null(await inbox.RecordFailureAsync(due.Member, new InvalidOperationException("late"), Ct));
        Assert.Empty(await store.IndexRangeAsync(WebhookInbox.FailingIndex, double.MinValue, double.MaxValue, cancellationToken: Ct));
    }

    [Fact]
    public async Task Drain_EventWhoseFailureCannotBeRecorded_IsPostponed_AndTheEventsBehindItAreProcessed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        await using var host = await WebHost.StartAsync(WebHost.ProfileB, services: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddCaioWebhookParser("instantly", FailsOnPoison);
        });
        var sut = host.Services.GetRequiredService<WebhookInboxProcessor>();
        await sut.StopAsync(Ct);
        var inbox = host.Services.GetRequiredService<WebhookInbox>();
        var store = host.Services.GetRequiredService<IStateStore>();
        Assert.True(await inbox.AcceptAsync("instantly", "evt-poison", null, "none", Encoding.UTF8.GetBytes("{\"event_type\":\"email_opened\",\"poison\":true,\"lead_email\":\"x@other.example\"}"), TimeSpan.FromHours(1), Ct));
        var poison = Assert.Single(await inbox.PendingAsync(10, Ct)).Member;
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(await inbox.AcceptAsync("instantly", "evt-unsubscribe", null, "none", Encoding.UTF8.GetBytes(Unsubscribe), TimeSpan.FromHours(1), Ct));

        // A failure record that is not one: reading it fails.
        await store.PutAsync(WebhookInbox.FailureKey(poison), Encoding.UTF8.GetBytes("[]"), cancellationToken: Ct);

        Assert.Equal(2, await sut.DrainAsync(Ct));

        var ana = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;
        Assert.Equal(ReasonCodes.SuppressedUnsubscribed, await host.Services.GetRequiredService<SuppressionStore>().GetReasonAsync(ana, Ct));
        var left = Assert.Single(await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct));
        Assert.Equal(poison, left.Member);
        Assert.Equal((time.GetUtcNow() + WebhookInbox.RetryMaxDelay).ToUnixTimeMilliseconds(), left.Score);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    public async Task Clay_BodyNestedDeeperThanTheInboxStores_Is400InvalidJson(int depth)
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileB);
        using var client = host.Client();

        var response = await WebhookTests.Post(client, "/webhooks/clay", Nested(depth));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["reason"]!.GetValue<string>());
        Assert.Empty(host.Errors.Entries);
    }

    [Fact]
    public async Task Clay_BodyAtTheDeepestNestingStored_IsAnswered200ProcessedAndLeavesTheInbox()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileB);
        using var client = host.Client();

        var response = await WebhookTests.Post(client, "/webhooks/clay", Nested(WebhookInbox.MaxBodyDepth));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var eventId = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["event_id"]!.GetValue<string>();
        var store = host.Services.GetRequiredService<IStateStore>();
        await WebhookTests.WaitUntil(async () => (await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct)).Count == 0);
        Assert.NotNull(await store.GetAsync("webhooks:processed:clay:" + WebhookInbox.Hash("clay", eventId), Ct));
        Assert.Empty(host.Errors.Entries);
    }

    [Fact]
    public async Task Instantly_BodyTooDeepToStoreThatTheParserAccepts_Is400InvalidJson()
    {
        // A parser that accepts any body, so only the inbox can refuse it.
        await using var host = await WebHost.StartAsync(WebHost.ProfileB, services: s => s.AddCaioWebhookParser("instantly", AcceptsAnything));
        using var client = host.Client();

        var response = await WebhookTests.Post(client, "/webhooks/instantly", Nested(64));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await WebhookTests.Post(client, "/webhooks/instantly", Nested(3))).StatusCode);
    }

    /// <summary>A JSON object <paramref name="depth"/> levels deep: <c>{"a":[[…]]}</c>.</summary>
    private static string Nested(int depth) => "{\"a\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";

    private static WebhookParseResult FailsOnPoison(ReadOnlySpan<byte> payload) =>
        payload.IndexOf("\"poison\""u8) >= 0 ? throw new InvalidOperationException("The parser cannot read this body.") : InstantlyWebhookParser.Parse(payload);

    private static WebhookParseResult AcceptsAnything(ReadOnlySpan<byte> payload) => WebhookParseResult.Parsed(new EngagementEvent
    {
        Provider = "instantly",
        EventId = "evt-" + payload.Length,
        Kind = EngagementEventKind.Opened,
        ProviderEventType = "email_opened",
    });
}
