using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Caio.Review;

namespace Caio.AspNetCore.Tests.Api;

/// <summary>The review, batch and operator routes over the same Core services the worker uses.</summary>
public sealed class ReviewAndBatchApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PendingEmails_ShowsTheDraftInTheContractShapeNewestFirstWithNoCache()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var older = await host.EnqueueAsync("ana@acme.example", "First");
        var newer = await host.EnqueueAsync("bo@beta.example", "Second");
        using var client = Client(host);
        var response = await client.GetAsync("/api/pending-emails", Ct);
        Assert.True(response.Headers.CacheControl is { NoStore: true, NoCache: true, MustRevalidate: true });
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        var sut = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(2, sut["count"]!.GetValue<int>());
        var first = sut["pending_emails"]![0]!;
        Assert.Equal(newer.Id, first["email_id"]!.GetValue<string>());
        Assert.Equal(older.Id, sut["pending_emails"]![1]!["email_id"]!.GetValue<string>());
        Assert.Equal("bo@beta.example", first["to"]!.GetValue<string>());
        Assert.Equal("tier_1", first["tier"]!.GetValue<string>());
        Assert.False(first["synthetic"]!.GetValue<bool>());
        Assert.NotNull(first["classifier"]!["target_platform"]);
        Assert.NotNull(first["classifier"]!["queue_origin"]);
        Assert.NotNull(first["campaign_ref"]!["internal_id"]);
        Assert.Equal(85, first["score"]!.GetValue<int>());
        Assert.Matches(@"\.\d{6}\+00:00$", sut["refreshed_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_WithEdit_RecordsTheTokenIdentityNotTheApproverParameterAndSecondDecisionIs400()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var item = await host.EnqueueAsync("ana@acme.example");
        using var client = Client(host);
        var response = await client.PostAsJsonAsync($"/api/emails/{item.Id}/approve?approver=mallory", new { edited_body = "Hi Ana, edited by a human." }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("approved", body["status"]!.GetValue<string>());
        Assert.True(body["edited"]!.GetValue<bool>());
        var stored = (await host.Queue.GetAsync(item.Id, Ct))!;
        Assert.Equal(ReviewStatus.Approved, stored.Status);
        Assert.Equal("Hi Ana, edited by a human.", stored.ApprovedBody);
        Assert.Equal("dashboard-token", stored.DecidedBy);

        var again = await client.PostAsync($"/api/emails/{item.Id}/reject?reason=late&rejection_tag=other", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await again.Content.ReadAsStringAsync(Ct))!;
        Assert.NotNull(problem["detail"]);
        Assert.Equal("already_decided", problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reject_ValidatesTagAndReason_UnknownIdIs404_TerminalIs400()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var item = await host.EnqueueAsync("ana@acme.example");
        using var client = Client(host);
        Assert.Equal((HttpStatusCode)422, (await client.PostAsync($"/api/emails/{item.Id}/reject?reason=x&rejection_tag=nope", null, Ct)).StatusCode);
        Assert.Equal((HttpStatusCode)422, (await client.PostAsync($"/api/emails/{item.Id}/reject?reason=%20&rejection_tag=other", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/emails/missing/reject?reason=x&rejection_tag=other", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/emails/missing/approve", null, Ct)).StatusCode);

        var rejected = await client.PostAsync($"/api/emails/{item.Id}/reject?approver=queue_hygiene_bot&reason=stale&rejection_tag=QUEUE_HYGIENE_NON_ACTIONABLE", null, Ct);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var body = JsonNode.Parse(await rejected.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("queue_hygiene_non_actionable", body["rejection_tag"]!.GetValue<string>());
        Assert.Equal("dashboard-token", body["approver"]!.GetValue<string>());
        var again = await client.PostAsync($"/api/emails/{item.Id}/reject?reason=stale&rejection_tag=other", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("terminal_status", JsonNode.Parse(await again.Content.ReadAsStringAsync(Ct))!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task RejectionTags_ListsTheTwelveIds()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = Client(host);
        var tags = JsonNode.Parse(await client.GetStringAsync("/api/rejection-tags", Ct))!["tags"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(RejectionTags.All.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Batch_CreateReviewApprove_ThenSecondApprovalIs409OnCaioRoutesAnd400OnGatekeeperRoutes()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var item = await host.EnqueueAsync("ana@acme.example");
        using var client = Client(host);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/batches", new { motion = "outbound" }, Ct)).StatusCode);
        await client.PostAsync($"/api/emails/{item.Id}/approve", null, Ct);
        var created = await client.PostAsJsonAsync("/api/batches", new { motion = "outbound" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batch = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["batch"]!;
        var id = batch["batch_id"]!.GetValue<string>();
        Assert.Equal(item.Id, batch["approved_shadow_email_ids"]![0]!.GetValue<string>());
        Assert.Equal("Hi Ana, a short note about your pipeline.", batch["items"]![0]!["body"]!.GetValue<string>());

        var pending = JsonNode.Parse(await client.GetStringAsync("/api/operator/pending-batch", Ct))!;
        Assert.Equal(id, pending["batch_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/batches/{id}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/batches/{id}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/api/operator/approve-batch/{id}", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/batches/nope/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/batches/nope", Ct)).StatusCode);
        var status = JsonNode.Parse(await client.GetStringAsync("/api/operator/status", Ct))!;
        Assert.Equal(1, status["batches"]!["approved"]!.GetValue<long>());
    }

    [Fact]
    public async Task EmergencyStop_EngageAndRelease_ShowsInStatusInPlainWords()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = Client(host);
        var engaged = await client.PostAsJsonAsync("/api/emergency-stop", new { engaged = true, reason = "drill" }, Ct);
        Assert.Equal(HttpStatusCode.OK, engaged.StatusCode);
        var status = JsonNode.Parse(await client.GetStringAsync("/api/operator/status", Ct))!;
        Assert.True(status["emergency_stop"]!.GetValue<bool>());
        Assert.Contains(status["not_sending_because"]!.AsArray(), r => r!.GetValue<string>().Contains("emergency stop is on", StringComparison.Ordinal));
        Assert.Equal("dashboard-token", status["emergency_stop_detail"]!["by"]!.GetValue<string>());
        await client.PostAsJsonAsync("/api/emergency-stop", new { engaged = false }, Ct);
        status = JsonNode.Parse(await client.GetStringAsync("/api/operator/status", Ct))!;
        Assert.False(status["emergency_stop"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/emergency-stop", new { engaged = "yes" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Trigger_DryRunByDefault_AndMalformedBodyIs400AfterAuth()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = Client(host);
        var dry = await client.PostAsJsonAsync("/api/operator/trigger", new { dry_run = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.False(JsonNode.Parse(await dry.Content.ReadAsStringAsync(Ct))!["live"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/operator/trigger", new StringContent("{", System.Text.Encoding.UTF8, "application/json"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/unknown/route", Ct)).StatusCode);
    }

    private static HttpClient Client(WebHost host)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Add("X-Dashboard-Token", "tok-A");
        return client;
    }
}
