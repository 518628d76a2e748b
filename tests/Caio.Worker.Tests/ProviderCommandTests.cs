using System.Diagnostics;
using System.Text.Json;
using Caio.Testing.Providers;

namespace Caio.Worker.Tests;

/// <summary>The provider commands, run as a separate worker process whose environment names the fake providers.</summary>
public sealed class ProviderCommandTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProvidersCheck_ReportsOkAndUnauthorized_WithoutPrintingKeys()
    {
        await using var instantly = new FakeInstantlyServer("instantly-secret-1");
        await using var heyReach = new FakeHeyReachServer("heyreach-secret-2");
        await instantly.StartAsync(Ct);
        await heyReach.StartAsync(Ct);

        var result = await WorkerAsync(
            new() { ["INSTANTLY_API_KEY"] = "instantly-secret-1", ["INSTANTLY_BASE_URL"] = instantly.BaseUrl.ToString(), ["HEYREACH_API_KEY"] = "wrong-secret-3", ["HEYREACH_BASE_URL"] = heyReach.BaseUrl.ToString() },
            "providers", "check", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var statuses = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("provider").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("ok", statuses["instantly"]);
        Assert.Equal("unauthorized", statuses["heyreach"]);
        Assert.DoesNotContain("secret", result.Out + result.Error, StringComparison.Ordinal);
        Assert.Single(instantly.Requests);
        Assert.Single(heyReach.Requests);
    }

    [Fact]
    public async Task Campaigns_ListAndActivate_OnlyOnCommand()
    {
        await using var instantly = new FakeInstantlyServer();
        await instantly.StartAsync(Ct);
        var draft = instantly.AddCampaign("Q1 outbound", status: 0);
        var env = new Dictionary<string, string> { ["INSTANTLY_API_KEY"] = instantly.ApiKey, ["INSTANTLY_BASE_URL"] = instantly.BaseUrl.ToString() };

        var list = await WorkerAsync(env, "campaigns", "list", "--provider", "instantly", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("\"status\":\"draft\"", list.Out, StringComparison.Ordinal);
        Assert.Equal(0, instantly.CampaignStatus(draft));

        var activate = await WorkerAsync(env, "campaigns", "activate", draft, "--provider", "instantly");
        Assert.Equal(0, activate.ExitCode);
        Assert.Equal(1, instantly.CampaignStatus(draft));

        var unknown = await WorkerAsync(env, "campaigns", "pause", draft, "--provider", "heyreach");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("not configured", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorLive_ThroughInstantly_AddsExactlyTheSentLeads()
    {
        await using var instantly = new FakeInstantlyServer();
        await instantly.StartAsync(Ct);
        var campaign = instantly.AddCampaign("outbound");
        string[] common = ["--state-dir", StateDir, "--now", Now];
        Assert.Equal(0, (await RunAsync([.. new[] { "pipeline", "--mode", "production", "--input", WriteGeneratedLeads(40, timeZone: "America/New_York") }, .. common])).ExitCode);
        var tier1 = (await PendingAsync(args => RunAsync([.. args, .. common]))).Where(p => p.Tier == "tier_1").Take(2).Select(p => p.Id).ToList();
        await ApproveIntoBatchAsync(args => RunAsync([.. args, .. common]), tier1);

        var live = await WorkerAsync(
            new() { ["INSTANTLY_API_KEY"] = instantly.ApiKey, ["INSTANTLY_BASE_URL"] = instantly.BaseUrl.ToString(), ["Caio__Providers__Instantly__DefaultCampaignId"] = campaign },
            ["operator", "--motion", "outbound", "--live", "--channels", "instantly,heyreach,ghl", "--json", .. common]);

        using var report = JsonDocument.Parse(live.Out);
        var actions = report.RootElement.GetProperty("batches")[0].GetProperty("actions").EnumerateArray().ToList();
        var sent = actions.Count(a => a.GetProperty("outcome").GetString() == "sent");
        Assert.True(sent >= 1, live.Out + live.Error);
        Assert.Equal(sent, instantly.SideEffects.Count(e => e.Kind == "lead_added"));
        Assert.Equal(sent, instantly.LeadsIn(campaign).Count);
    }

    [Fact]
    public async Task Status_AfterLiveSendsThroughGoHighLevel_ShowsHandedToProviderAndConfirmedByProvider()
    {
        await using var ghl = new FakeGoHighLevelServer();
        await ghl.StartAsync(Ct);
        string[] common = ["--state-dir", StateDir, "--now", Now];
        var env = new Dictionary<string, string>
        {
            ["GHL_API_KEY"] = ghl.ApiKey, ["GHL_BASE_URL"] = ghl.BaseUrl.ToString(), ["GHL_LOCATION_ID"] = ghl.LocationId, ["Caio__Providers__GoHighLevel__Motions"] = "outbound",
        };
        Assert.Equal(0, (await RunAsync([.. new[] { "pipeline", "--mode", "production", "--input", WriteGeneratedLeads(40, timeZone: "America/New_York") }, .. common])).ExitCode);
        var tier1 = (await PendingAsync(args => RunAsync([.. args, .. common]))).Where(p => p.Tier == "tier_1").Take(2).Select(p => p.Id).ToList();
        await ApproveIntoBatchAsync(args => RunAsync([.. args, .. common]), tier1);
        var before = await WorkerAsync(env, ["status", .. common]);
        Assert.Contains("sent (handed to provider): 0, confirmed by provider: 0", before.Out, StringComparison.Ordinal);

        var live = await WorkerAsync(env, ["operator", "--motion", "outbound", "--live", "--channels", "ghl", "--json", .. common]);
        using var report = JsonDocument.Parse(live.Out);
        var sent = report.RootElement.GetProperty("batches")[0].GetProperty("actions").EnumerateArray().Count(a => a.GetProperty("outcome").GetString() == "sent");
        Assert.True(sent >= 1, live.Out + live.Error);

        var text = await WorkerAsync(env, ["status", .. common]);
        Assert.Contains($"sent (handed to provider): {sent}, confirmed by provider: {sent}", text.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse((await WorkerAsync(env, ["status", "--json", .. common])).Out);
        var sends = json.RootElement.GetProperty("sendsToday");
        Assert.Equal(sent, sends.GetProperty("handedToProvider").GetInt64());
        Assert.Equal(sent, sends.GetProperty("confirmedByProvider").GetInt64());
    }

    /// <summary>
    /// The worker from its own build output: the test output merges in ASP.NET Core (for the fakes),
    /// whose copy of System.Threading.RateLimiting the worker, a console app, does not load.
    /// </summary>
    private static string WorkerPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Caio.Sdk.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "samples", "Caio.Worker", "bin", configuration, framework, "caio-worker.dll");
    }

    private async Task<CliResult> WorkerAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory };
        start.ArgumentList.Add(WorkerPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "INSTANTLY_API_KEY", "HEYREACH_API_KEY", "GHL_API_KEY", "GHL_LOCATION_ID" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
