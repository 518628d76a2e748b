using System.Net;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Webhooks;
using Caio.Engagement;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.AspNetCore.Tests.Webhooks;

/// <summary>The inbox between a webhook's answer and its effect: every body answered 2xx can be stored, read back and processed.</summary>
public sealed class WebhookInboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(63)]
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

        var response = await WebhookTests.Post(client, "/webhooks/clay", Nested(62));

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

    private static WebhookParseResult AcceptsAnything(ReadOnlySpan<byte> payload) => WebhookParseResult.Parsed(new EngagementEvent
    {
        Provider = "instantly",
        EventId = "evt-" + payload.Length,
        Kind = EngagementEventKind.Opened,
        ProviderEventType = "email_opened",
    });
}
