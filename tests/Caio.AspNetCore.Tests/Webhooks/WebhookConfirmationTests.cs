using System.Net;
using System.Text.Json.Nodes;
using Caio.Dedup;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Safety;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.AspNetCore.Tests.Webhooks;

/// <summary>A provider event that implies delivery, received by the web host, confirms the matching ledger entry.</summary>
public sealed class WebhookConfirmationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenedEvent_ConfirmsTheHandedOffEntryOfThatStep_AndStatusCountsIt()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var ledger = host.Services.GetRequiredService<SendLedger>();
        var key = EmailCanonicalizer.Default.CreateKey("ana@acme.example").Value;
        foreach (var step in new[] { 1, 2 })
        {
            var reservation = await ledger.ReserveAsync(
                new LedgerEntry
                {
                    RecipientKey = key,
                    Step = step,
                    State = LedgerState.Reserved,
                    IdempotencyKey = SendLedger.IdempotencyKeyFor(key, step),
                    Channel = "instantly",
                    ItemId = "item-" + step,
                    BatchId = "batch-1",
                },
                Ct);
            Assert.NotNull(await ledger.TransitionAsync(reservation.Entry!, reservation.Version, LedgerState.Sent, "m-" + step, cancellationToken: Ct));
            await host.Services.GetRequiredService<ContactHistory>().RecordSendAsync(key, step, Channel.Email, "instantly", Ct);
        }

        using var client = host.Client();
        var opened = "{\"event_type\":\"email_opened\",\"timestamp\":\"2026-11-30T10:00:00Z\",\"campaign_id\":\"c1\",\"lead_email\":\"ana@acme.example\",\"step\":1}";
        Assert.Equal(HttpStatusCode.OK, (await WebhookTests.Post(client, "/webhooks/instantly", opened, ("Authorization", "Bearer wb-A"))).StatusCode);

        await WebhookTests.WaitUntil(async () => (await ledger.GetAsync(key, 1, Ct))!.Value.Entry.ConfirmedAt is not null);
        var first = (await ledger.GetAsync(key, 1, Ct))!.Value.Entry;
        Assert.Equal(LedgerState.Sent, first.State);
        Assert.Equal(SendConfirmations.DeliveryEvent, first.ConfirmedBy);
        Assert.Null((await ledger.GetAsync(key, 2, Ct))!.Value.Entry.ConfirmedAt);

        var status = await StatusAsync(client);
        Assert.Equal(2, status["sends_today"]!["handed_to_provider"]!.GetValue<long>());
        Assert.Equal(1, status["sends_today"]!["confirmed_by_provider"]!.GetValue<long>());
    }

    private static async Task<JsonNode> StatusAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/operator/status");
        request.Headers.TryAddWithoutValidation("X-Dashboard-Token", "tok-A");
        var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}
