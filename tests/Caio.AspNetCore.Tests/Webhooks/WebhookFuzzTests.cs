using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.AspNetCore.Tests.Webhooks;

/// <summary>
/// 10,000 random, truncated, huge and mis-signed requests across the webhook routes: never a 500, no
/// error logged, and every valid event persisted exactly once (duplicates included in the mix).
/// </summary>
public sealed class WebhookFuzzTests
{
    private const int Requests = 10_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fuzz_TenThousandRequests_NoServerErrorAndEveryValidEventPersistedExactlyOnce()
    {
        await using var host = await WebHost.StartAsync(new Dictionary<string, string?>(WebHost.ProfileA)
        {
            ["INSTANTLY_WEBHOOK_SECRET"] = "inst-secret",
            ["WEBHOOK_MAX_BODY_BYTES"] = "65536",
        });
        var random = new Random(20261130);
        var plans = Enumerable.Range(0, Requests).Select(i => Plan(i, random)).ToList();
        // Every distinct valid event, the repeatedly sent ones counted once.
        var expectedValid = plans.Where(p => p.Valid || p.Kind == "duplicate").Select(p => p.Provider + "\n" + p.Body).ToHashSet(StringComparer.Ordinal);
        var statuses = new ConcurrentBag<(int Status, bool Valid, string Kind)>();
        using var client = host.Client();
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (plan, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, plan.Path) { Content = new ByteArrayContent(plan.Bytes) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", plan.ContentType);
            foreach (var (name, value) in plan.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(request, token);
            statuses.Add(((int)response.StatusCode, plan.Valid, plan.Kind));
        });

        Assert.DoesNotContain(statuses, s => s.Status >= 500);
        Assert.All(statuses.Where(s => s.Valid || s.Kind == "duplicate"), s => Assert.Equal(200, s.Status));
        Assert.All(statuses.Where(s => !s.Valid && s.Kind != "duplicate" && s.Kind != "ignored"), s => Assert.True(s.Status is 400 or 401 or 413, $"{s.Kind}: {s.Status}"));

        var store = host.Services.GetRequiredService<IStateStore>();
        await WebhookTests.WaitUntil(async () => (await store.IndexRangeAsync(Caio.AspNetCore.Webhooks.WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct)).Count == 0, seconds: 180);
        var processed = new List<string>();
        await foreach (var key in store.ListKeysAsync("webhooks:processed:", Ct))
        {
            processed.Add(key);
        }

        Assert.Equal(expectedValid.Count, processed.Count);
        Assert.Equal(expectedValid.Count, processed.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(host.Errors.Entries);
    }

    private sealed record FuzzPlan(string Provider, string Path, byte[] Bytes, string Body, string ContentType, (string, string)[] Headers, bool Valid, string Kind);

    private static FuzzPlan Plan(int i, Random random)
    {
        var provider = (i % 4) switch { 0 => "instantly", 1 => "clay", 2 => "rb2b", _ => "heyreach" };
        var path = provider == "instantly" && random.Next(2) == 0 ? "/webhooks/instantly/reply" : "/webhooks/" + provider;
        var valid = provider switch
        {
            "instantly" => $"{{\"event_type\":\"reply_received\",\"timestamp\":\"2026-11-30T10:{i / 60 % 60:00}:{i % 60:00}Z\",\"lead_email\":\"lead{i}@acme.example\",\"campaign_id\":\"c{i}\"}}",
            "heyreach" => $"{{\"eventType\":\"MESSAGE_REPLY_RECEIVED\",\"timestamp\":\"2026-11-30T10:{i / 60 % 60:00}:{i % 60:00}Z\",\"conversationId\":\"conv{i}\",\"lead\":{{\"profileUrl\":\"https://www.linkedin.com/in/lead{i}\"}}}}",
            _ => $"{{\"event_type\":\"visit\",\"n\":{i},\"email\":\"v{i}@acme.example\"}}",
        };
        var kind = random.Next(10) switch
        {
            0 or 1 => "valid",
            2 => "duplicate",
            3 => "random_bytes",
            4 => "truncated",
            5 => "huge",
            6 => "mis_signed",
            7 => "no_auth",
            8 => "wrong_content_type_valid",
            _ => "garbage_headers",
        };
        var body = kind switch
        {
            "duplicate" => provider switch
            {
                "instantly" => "{\"event_type\":\"reply_received\",\"timestamp\":\"2026-11-30T09:00:00Z\",\"lead_email\":\"dup@acme.example\",\"campaign_id\":\"dup\"}",
                "heyreach" => "{\"eventType\":\"MESSAGE_REPLY_RECEIVED\",\"timestamp\":\"2026-11-30T09:00:00Z\",\"conversationId\":\"dup\",\"lead\":{\"profileUrl\":\"https://www.linkedin.com/in/dup\"}}",
                _ => "{\"event_type\":\"visit\",\"n\":-1}",
            },
            "random_bytes" => Encoding.Latin1.GetString(RandomBytes(random, random.Next(0, 300))),
            "truncated" => valid[..random.Next(0, valid.Length - 1)],
            "huge" => "{\"pad\":\"" + new string('x', 70_000 + random.Next(100_000)) + "\"}",
            _ => valid,
        };
        var bytes = kind == "random_bytes" ? Encoding.Latin1.GetBytes(body) : Encoding.UTF8.GetBytes(body);
        var headers = kind switch
        {
            "no_auth" => [],
            "mis_signed" => provider is "instantly" or "rb2b"
                ? [(provider == "instantly" ? "X-Instantly-Signature" : "X-Signature", "sha256=" + WebhookTests.Hmac("wrong", body))]
                : [("Authorization", "Bearer wrong-" + i)],
            "garbage_headers" => new[] { ("Authorization", "Bearer \u0001" + i), ("webhook-signature", "v1,AAAA"), ("X-Signature", new string('z', random.Next(0, 2000))) },
            _ => Auth(provider, body),
        };
        var isValid = kind is "valid" or "wrong_content_type_valid";
        return new FuzzPlan(provider, path, bytes, body, kind == "wrong_content_type_valid" ? "text/plain" : "application/json", headers, isValid, kind);
    }

    private static (string, string)[] Auth(string provider, string body) => provider switch
    {
        "instantly" => [("X-Instantly-Signature", "sha256=" + WebhookTests.Hmac("inst-secret", body))],
        "rb2b" => [("X-RB2B-Signature", WebhookTests.Hmac("rb-A", body))],
        "heyreach" => [("Authorization", "Bearer hb-A")],
        _ => [("Authorization", "bearer  wb-A ")],
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
