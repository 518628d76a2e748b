using System.Net;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Webhooks;
using Caio.Dedup;
using Caio.Engagement;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.AspNetCore.Tests.Webhooks;

/// <summary>
/// A LinkedIn reply names its lead by profile URL only: it is matched to the recipient recorded when the send went
/// out on LinkedIn, so the reply ends the lead's sequence like an email reply.
/// </summary>
public sealed class LinkedInReplyTests
{
    private static readonly string Ana = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Reply(string profileUrl) =>
        "{\"eventType\":\"MESSAGE_REPLY_RECEIVED\",\"lead\":{\"profileUrl\":\"" + profileUrl + "\",\"firstName\":\"Ana\"},\"campaign\":{\"id\":7},\"message\":\"Yes, let's talk\",\"timestamp\":\"2026-11-30T10:00:00Z\"}";

    [Fact]
    public async Task HeyReachReply_ByAProfileSentTo_StopsThatRecipientsSequence()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileB);
        using var client = host.Client();
        await host.Services.GetRequiredService<LinkedInRecipients>().RecordAsync("https://www.linkedin.com/in/ana-lopez/", Ana, Ct);

        // Another spelling of the same profile.
        var outcome = await PostAndProcessAsync(host, client, Reply("https://linkedin.com/in/Ana-Lopez?trk=inbox"));

        Assert.Equal("sequence_stopped", outcome);
        var record = await host.Services.GetRequiredService<ContactHistory>().GetAsync(Ana, Ct);
        Assert.Equal(TerminalStatus.Replied, record?.Terminal);
    }

    [Fact]
    public async Task HeyReachReply_ByAProfileNeverSentTo_HasNoRecipient()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileB);
        using var client = host.Client();

        Assert.Equal("no_recipient", await PostAndProcessAsync(host, client, Reply("https://www.linkedin.com/in/someone-else")));
    }

    private static async Task<string> PostAndProcessAsync(WebHost host, HttpClient client, string body)
    {
        var response = await WebhookTests.Post(client, "/webhooks/heyreach", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var eventId = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["event_id"]!.GetValue<string>();
        var store = host.Services.GetRequiredService<IStateStore>();
        var processed = "webhooks:processed:heyreach:" + WebhookInbox.Hash("heyreach", eventId);
        await WebhookTests.WaitUntil(async () => await store.GetAsync(processed, Ct) is not null);
        return JsonNode.Parse((await store.GetAsync(processed, Ct))!.Value.ToArray())!["outcome"]!.GetValue<string>();
    }
}
