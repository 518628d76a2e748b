using System.Diagnostics;
using System.Text.Json;

namespace Caio.Worker.Tests;

public sealed class GatekeeperCommandTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";

    private string[] Common => ["--state-dir", StateDir, "--now", Now];

    [Fact]
    public async Task HumanFlow_ProductionQueueDecisionsBatchOperatorLive_SendsExactlyTheApprovedScope()
    {
        // Monday 15:00 UTC is 10:00 in New York: whichever drafts are picked, their business day is open.
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(60, timeZone: "America/New_York"))).ExitCode);
        var pending = await PendingAsync();
        var tier1 = pending.Where(p => p.Tier == "tier_1").Take(2).ToList();
        Assert.Equal(2, tier1.Count);

        Assert.Equal(0, (await Cli("queue", "approve", tier1[0].Id, "--by", "head-of-sales")).ExitCode);
        var bodyFile = WriteFile("body.txt", "Hi there, a short edited note.");
        Assert.Equal(0, (await Cli("queue", "approve", tier1[1].Id, "--body-file", bodyFile, "--feedback", "shorter", "--by", "head-of-sales")).ExitCode);
        var again = await Cli("queue", "approve", tier1[0].Id, "--by", "someone-else");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already_decided", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli("queue", "reject", pending.First(p => p.Tier != "tier_1").Id, "--reason", "not our segment", "--tag", "icp_mismatch")).ExitCode);

        var created = await Cli("batch", "create", "--motion", "outbound", "--channels", "sandbox", "--json");
        Assert.Equal(0, created.ExitCode);
        using var batchJson = JsonDocument.Parse(created.Out);
        var batchId = batchJson.RootElement.GetProperty("id").GetString()!;
        Assert.Equal(2, batchJson.RootElement.GetProperty("itemCount").GetInt32());
        Assert.All(batchJson.RootElement.GetProperty("notices").EnumerateArray(), n => Assert.Equal("deferred", n.GetProperty("outcome").GetString())); // e.g. the minimum gap
        Assert.Matches("^[0-9a-f]{64}$", batchJson.RootElement.GetProperty("previewHash").GetString());

        var notApproved = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--batch", batchId, "--json");
        Assert.Contains("batch_not_approved", notApproved.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(SendsFile));

        Assert.Equal(0, (await Cli("batch", "approve", batchId, "--by", "head-of-sales")).ExitCode);
        var dryRun = await Cli("operator", "--motion", "outbound", "--channels", "sandbox", "--json");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("would_send", dryRun.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(SendsFile), "a dry run sends nothing");

        var live = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--json");
        Assert.Equal(0, live.ExitCode);
        using var report = JsonDocument.Parse(live.Out);
        var outcomes = report.RootElement.GetProperty("batches")[0].GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()).ToList();
        var sent = outcomes.Count(o => o == "sent");
        Assert.True(sent >= 1, live.Out);
        Assert.Equal(sent, File.ReadAllLines(SendsFile).Length);

        // Still at the same instant: what the minimum gap deferred stays in the batch and is not due yet.
        var allSent = sent == outcomes.Count;
        var second = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--batch", batchId, "--json");
        Assert.Contains(allSent ? "batch_already_executed" : "\"outcome\": \"deferred\"", second.Out, StringComparison.Ordinal);
        Assert.Equal(sent, File.ReadAllLines(SendsFile).Length);

        var status = await Cli("status", "--json");
        Assert.Equal(0, status.ExitCode);
        using var statusJson = JsonDocument.Parse(status.Out);
        var root = statusJson.RootElement;
        Assert.False(root.GetProperty("emergencyStop").GetProperty("stopped").GetBoolean());
        Assert.Equal("shadow", root.GetProperty("rolloutPhase").GetString());
        Assert.Equal("dry_run_by_default", root.GetProperty("mode").GetString());
        Assert.Equal(0, root.GetProperty("ramp").GetProperty("sentToday").GetInt64()); // rehearsal sends never graduate the ramp
        Assert.Equal(1, root.GetProperty("batches").GetProperty(allSent ? "executed" : "approved").GetInt64());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("maybeSent").ValueKind);
        Assert.Contains(root.GetProperty("caps").EnumerateArray(), c => c.GetProperty("window").GetString() == "daily" && c.GetProperty("used").GetInt64() == sent);
    }

    [Fact]
    public async Task EmergencyStop_On_OperatorRefusesEverySend_Off_StatusClears()
    {
        await ApprovedBatchAsync();
        Assert.Equal(0, (await Cli("emergency-stop", "on", "--by", "ops", "--reason", "drill")).ExitCode);

        var status = await Cli("status");
        Assert.Contains("EMERGENCY STOP ENGAGED", status.Out, StringComparison.Ordinal);
        var live = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--json");
        Assert.Contains("emergency_stop", live.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"outcome\": \"sent\"", live.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(SendsFile));

        Assert.Equal(0, (await Cli("emergency-stop", "off", "--by", "ops")).ExitCode);
        Assert.Contains("emergency stop: off", (await Cli("status")).Out, StringComparison.Ordinal);

        // The stopped run did not consume the batch: it goes out once the stop is lifted.
        var resumed = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--json");
        Assert.Contains("\"outcome\": \"sent\"", resumed.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(SendsFile));
    }

    [Fact]
    public async Task Operator_LiveWithoutRealChannel_ExitsOneAndLeavesTheBatchApproved()
    {
        var batchId = await ApprovedBatchAsync();

        var live = await Cli("operator", "--motion", "outbound", "--live");

        Assert.Equal(1, live.ExitCode);
        Assert.Contains("no_channel", live.Out + live.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(SendsFile));
        var show = await Cli("batch", "show", batchId, "--json");
        Assert.Contains("\"approved\"", show.Out, StringComparison.Ordinal);
        var rehearsal = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--json");
        Assert.Equal(0, rehearsal.ExitCode);
        Assert.Contains("\"outcome\": \"sent\"", rehearsal.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchCreate_OnAWeekend_ListsEveryActionAsDeferredByTheSendWindowWithItsTime()
    {
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(40, timeZone: "America/Chicago"))).ExitCode);
        foreach (var item in (await PendingAsync()).Where(p => p.Tier == "tier_1").Take(2))
        {
            Assert.Equal(0, (await Cli("queue", "approve", item.Id, "--by", "head-of-sales")).ExitCode);
        }

        var created = await RunAsync(["batch", "create", "--motion", "outbound", "--channels", "sandbox", "--state-dir", StateDir, "--now", "2026-11-28T12:00:00Z"]);

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("2 of 2 actions cannot go out now", created.Out, StringComparison.Ordinal);
        Assert.Equal(2, created.Out.Split('\n').Count(l => l.Contains("deferred", StringComparison.Ordinal) && l.Contains("outside_send_window until Mon 09:00 America/Chicago, in 2 days 3 h", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("queue", "reject", "x", "--reason", "r", "--tag", "bad_tag")]
    [InlineData("operator", "--motion", "sideways")]
    [InlineData("operator", "--motion", "outbound", "--live", "--dry-run")]
    [InlineData("operator", "--motion", "outbound", "--live", "--wait-up-to", "soon")]
    [InlineData("operator", "--motion", "outbound", "--live", "--wait-up-to", "3d")]
    [InlineData("emergency-stop", "maybe", "--by", "ops")]
    [InlineData("emergency-stop", "on")]
    [InlineData("batch", "create", "--motion", "inbound")]
    [InlineData("queue", "list", "--status", "lost")]
    public async Task BadArguments_ExitTwo(params string[] args)
    {
        var result = await Cli(args);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_UnknownItem_ExitsOneWithReason()
    {
        System.IO.Directory.CreateDirectory(StateDir);
        var result = await Cli("queue", "approve", "rq_missing");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not_found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_TwoProcessesOnOneBatch_NeverSendAnActionTwice()
    {
        var batchId = await ApprovedBatchAsync();
        var worker = Path.Combine(AppContext.BaseDirectory, "caio-worker.dll");

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RunProcessAsync(worker, ["operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--batch", batchId, "--json", .. Common])));

        // One process holds the batch at a time. The minimum gap defers two of the three actions, and a
        // batch keeps its deferred actions: the second process may find the batch claimed by the first
        // (and help with its actions, which then count here), already executed, or take it over once the
        // first let it go — then it finds nothing due.
        var sentByRun = new List<List<string>>();
        foreach (var run in runs)
        {
            using var json = JsonDocument.Parse(run.Output);
            var batch = json.RootElement.GetProperty("batches")[0];
            if (!batch.GetProperty("executed").GetBoolean())
            {
                Assert.Contains(batch.GetProperty("refusal").GetString(), new[] { "batch_claimed_by_another_executor", "batch_already_executed" });
            }

            // A helping run is not a failed one.
            Assert.True(run.ExitCode == 0 || batch.GetProperty("refusal").GetString() == "batch_already_executed", run.Output);
            sentByRun.Add([.. batch.GetProperty("actions").EnumerateArray()
                // Sent by this run: a run that finds an item another run sent reports it sent with the reason item_sent.
                .Where(a => a.GetProperty("outcome").GetString() == "sent" && !(a.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String))
                .Select(a => a.GetProperty("actionId").GetString()!)]);
        }

        var sent = sentByRun.SelectMany(s => s).ToList();
        Assert.Single(sent); // the gap lets exactly one action go at this instant
        var lines = File.ReadAllLines(SendsFile);
        Assert.Equal(sent.Count, lines.Length);
        Assert.Equal(lines.Length, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("recipientKey").GetString()).Distinct().Count());
    }

    private string SendsFile => Path.Combine(StateDir, "sandbox", "sends.jsonl");

    private Task<CliResult> Cli(params string[] args) => RunAsync([.. args, .. Common]);

    private Task<string> ApprovedBatchAsync() => ProductionBatchOfThreeAsync(Cli);

    private Task<List<(string Id, string Tier)>> PendingAsync() => PendingAsync(Cli);

    private static async Task<(string Output, int ExitCode)> RunProcessAsync(string dll, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode is 0 or 1, await stderr);
        return (await stdout, process.ExitCode);
    }
}
