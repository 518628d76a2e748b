using System.Diagnostics;
using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary>A sandbox run never touches production state, and its approvals never reach a human batch.</summary>
public sealed class SandboxStateTests : CliTestBase
{
    [Fact]
    public async Task Pipeline_SandboxWithoutStateDir_LeavesTheDefaultProductionStateUntouched()
    {
        var workingDirectory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "cwd")).FullName;

        var (exitCode, stdout, stderr) = await RunWorkerProcessAsync(workingDirectory, "pipeline", "--mode", "sandbox", "--limit", "30");

        Assert.True(exitCode == 0, stderr);
        Assert.False(System.IO.Directory.Exists(Path.Combine(workingDirectory, ".caio")), "the production state directory ./.caio must not be created by a sandbox run");
        Assert.True(System.IO.Directory.EnumerateFiles(Path.Combine(workingDirectory, ".caio-sandbox"), "*", SearchOption.AllDirectories).Any());
        Assert.Contains(".caio-sandbox", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_SandboxAgainWithNow_OnStateASandboxRunMadeOnItsSimulatedClock_IsAccepted()
    {
        var workingDirectory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "cwd")).FullName;
        var first = await RunWorkerProcessAsync(workingDirectory, "pipeline", "--mode", "sandbox", "--limit", "20");
        Assert.True(first.ExitCode == 0, first.Error);

        // The sandbox's own state holds only sandbox work on a simulated clock: rehearsing a given day on it destroys nothing real.
        var again = await RunWorkerProcessAsync(workingDirectory, "pipeline", "--mode", "sandbox", "--limit", "20", "--now", "2026-11-23T15:00:00Z");

        Assert.True(again.ExitCode == 0, again.Error);
    }

    [Fact]
    public async Task Pipeline_SandboxOnStateWithRealWork_IsRefusedAndTheHumanBatchStaysApproved()
    {
        var real = Path.Combine(Directory, "real");
        Assert.Equal(0, (await RunAsync("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(20, timeZone: "America/New_York"), "--state-dir", real)).ExitCode);
        var pending = await PendingAsync(args => RunAsync([.. args, "--state-dir", real]));
        var batchId = await ApproveIntoBatchAsync(args => RunAsync([.. args, "--state-dir", real]), pending.Take(2).Select(p => p.Id));

        // The sandbox plays a simulated day ahead of the real clock: on real state it would expire the human's batch.
        var sandbox = await RunAsync("pipeline", "--mode", "sandbox", "--limit", "20", "--state-dir", real);

        Assert.Equal(2, sandbox.ExitCode);
        Assert.Contains("sandbox", sandbox.Error, StringComparison.Ordinal);
        var show = await RunAsync("batch", "show", batchId, "--json", "--state-dir", real);
        Assert.Contains("\"approved\"", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchCreate_AfterASandboxRunOnTheSameState_TakesNoSandboxApprovals()
    {
        // Outside the send window: every sandbox approval is deferred and stays approved, left over.
        var sandbox = await RunAsync("pipeline", "--mode", "sandbox", "--limit", "50", "--state-dir", StateDir, "--now", "2026-11-22T03:00:00Z", "--json");
        Assert.Equal(0, sandbox.ExitCode);
        var approved = await RunAsync("queue", "list", "--status", "approved", "--json", "--state-dir", StateDir);
        using (var json = JsonDocument.Parse(approved.Out))
        {
            Assert.True(json.RootElement.GetArrayLength() > 0, "the sandbox run leaves approved items behind");
        }

        var created = await RunAsync("batch", "create", "--motion", "outbound", "--json", "--state-dir", StateDir, "--by", "head-of-sales");

        Assert.Equal(1, created.ExitCode);
        Assert.Contains("nothing_to_batch", created.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_Sandbox_PlaysOutABusinessDayOnItsOwnClock()
    {
        // Monday, midnight UTC: the simulated day runs through every recipient zone's business hours.
        var result = await RunAsync("pipeline", "--mode", "sandbox", "--limit", "300", "--state-dir", StateDir, "--now", "2026-11-23T00:00:00Z");
        var production = await RunAsync("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(5), "--state-dir", Path.Combine(Directory, "prod"), "--now", "2026-11-23T00:00:00Z", "--json");

        Assert.Equal(0, result.ExitCode);
        var sends = File.ReadAllLines(Path.Combine(StateDir, "sandbox", "sends.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("at").GetDateTimeOffset())
            .ToList();
        Assert.Equal(5, sends.Count); // the ramp's daily limit: a real first day under the default settings
        Assert.All(sends.Zip(sends.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(45), $"{pair.First:O} then {pair.Second:O}"));
        Assert.All(sends, at => Assert.InRange(at, DateTimeOffset.Parse("2026-11-23T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("sent 5 to the recording sandbox channels", result.Out, StringComparison.Ordinal);
        Assert.Contains("why the rest wait", result.Out, StringComparison.Ordinal);
        Assert.Contains("ramp's daily limit of 5", result.Out, StringComparison.Ordinal);

        // The simulated clock stays inside the sandbox run: a production command keeps its own clock.
        using var report = JsonDocument.Parse(production.Out);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), report.RootElement.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(report.RootElement.GetProperty("startedAt").GetDateTimeOffset(), report.RootElement.GetProperty("finishedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("queue", "approve", "rq_any")]
    [InlineData("batch", "create", "--motion", "outbound")]
    [InlineData("batch", "approve", "batch_any")]
    public async Task HumanCommand_BySandboxActor_ExitsTwo(params string[] command)
    {
        var result = await RunAsync([.. command, "--by", "sandbox:auto-approver", "--state-dir", StateDir]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("reserved", result.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunWorkerProcessAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "caio-worker.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("Caio__StateDirectory");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
