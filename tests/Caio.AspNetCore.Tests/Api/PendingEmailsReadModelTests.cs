using System.Text.Json.Nodes;
using Caio.AspNetCore.Api;
using Caio.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.AspNetCore.Tests.Api;

/// <summary>
/// <c>GET /api/pending-emails</c> serves an in-memory read model that checks which drafts are pending on
/// every request: a change by this host, by another store on the same state or by the worker's process shows
/// on the next request, and an unchanged queue is served without reading the records again.
/// </summary>
public sealed class PendingEmailsReadModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PendingEmails_DecisionByTheWorkerOnItsOwnStore_ShowsOnTheNextRequest()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var kept = await host.EnqueueAsync("ana@acme.example", "Kept");
        var decided = await host.EnqueueAsync("bo@beta.example", "Decided");
        using var client = Client(host);
        Assert.Equal([decided.Id, kept.Id], await PendingIdsAsync(client));

        var worker = await RunWorkerAsync("queue", "reject", decided.Id, "--reason", "wrong persona", "--tag", "icp_mismatch", "--state-dir", host.StateDirectory, "--by", "worker-test");
        Assert.True(worker.ExitCode == 0, worker.Output);

        Assert.Equal([kept.Id], await PendingIdsAsync(client));
        var added = await host.EnqueueAsync("cy@gamma.example", "Added");
        Assert.Equal([added.Id, kept.Id], await PendingIdsAsync(client));
    }

    [Fact]
    public async Task PendingEmails_DecisionThroughTheApi_ShowsOnTheNextRequestAndAnUnchangedQueueIsNotReadAgain()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA, services: s => s.Configure<CaioDashboardOptions>(o => o.PendingListMaxAge = TimeSpan.FromHours(1)));
        var first = await host.EnqueueAsync("ana@acme.example", "First");
        var second = await host.EnqueueAsync("bo@beta.example", "Second");
        using var client = Client(host);
        var model = host.Services.GetRequiredService<PendingEmailsReadModel>();
        Assert.Equal([second.Id, first.Id], await PendingIdsAsync(client));
        var reloads = model.Reloads;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal([second.Id, first.Id], await PendingIdsAsync(client));
        }

        Assert.Equal(reloads, model.Reloads);
        var approve = await client.PostAsync($"/api/emails/{first.Id}/approve", null, Ct);
        Assert.True(approve.IsSuccessStatusCode, await approve.Content.ReadAsStringAsync(Ct));
        Assert.Equal([second.Id], await PendingIdsAsync(client));
        Assert.Equal(reloads + 1, model.Reloads);
    }

    private static async Task<string[]> PendingIdsAsync(HttpClient client)
    {
        var body = JsonNode.Parse(await client.GetStringAsync("/api/pending-emails", Ct))!;
        var ids = body["pending_emails"]!.AsArray().Select(e => e!["email_id"]!.GetValue<string>()).ToArray();
        Assert.Equal(ids.Length, body["count"]!.GetValue<int>());
        Assert.Equal(ids.Length, body["total_pending"]!.GetValue<int>());
        return ids;
    }

    private static HttpClient Client(WebHost host)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Add("X-Dashboard-Token", "tok-A");
        return client;
    }

    /// <summary>Runs a worker command the way the worker runs it: its own host and its own store on the state directory.</summary>
    private static async Task<(int ExitCode, string Output)> RunWorkerAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CaioCli.RunAsync(args, stdout, stderr, Ct);
        return (exitCode, stdout.ToString() + stderr);
    }
}
