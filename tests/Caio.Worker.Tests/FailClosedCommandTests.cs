using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary>Safety records fail closed; reads never change state; a rehearsal clock never touches real work.</summary>
public sealed class FailClosedCommandTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";
    private const string MonthLater = "2026-12-23T15:00:00Z";

    private string[] Common => ["--state-dir", StateDir, "--now", Now];

    private string SendsFile => Path.Combine(StateDir, "sandbox", "sends.jsonl");

    [Fact]
    public async Task EmergencyStopFamilyIsAFile_StatusSaysUnreadable_OperatorSendsNothing()
    {
        await ApprovedBatchAsync();
        ReplaceWithFile(Path.Combine(StateDir, "records", "safety"));

        var status = await Cli("status");
        Assert.Equal(1, status.ExitCode); // scripts notice: an unreadable stop is a failure, not "ok"
        Assert.Contains("EMERGENCY STOP UNREADABLE", status.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("IOException", status.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("emergency stop: off", status.Out, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse((await Cli("status", "--json")).Out))
        {
            var stop = json.RootElement.GetProperty("emergencyStop");
            Assert.True(stop.GetProperty("stopped").GetBoolean());
            Assert.Equal("unreadable", stop.GetProperty("source").GetString());
            Assert.Equal("emergency_stop_unreadable", stop.GetProperty("reasonCode").GetString());
        }

        var live = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--json");
        Assert.Contains("emergency_stop_unreadable", live.Out + live.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(SendsFile), "nothing is sent while the stop cannot be read");
    }

    [Fact]
    public async Task SuppressionFamilyIsAFile_OperatorRefusesWithSuppressionUnreadable()
    {
        await ApprovedBatchAsync();
        ReplaceWithFile(Path.Combine(StateDir, "records", "suppression"));

        var live = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--json");
        Assert.Contains("suppression_unreadable", live.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"outcome\": \"sent\"", live.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(SendsFile), "nothing is sent while suppression cannot be read");
    }

    [Fact]
    public async Task QueueList_RehearsalClockMonthLater_ExpiresNothing()
    {
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(20))).ExitCode);
        var before = await PendingIdsAsync(Now);
        Assert.NotEmpty(before);

        var later = await RunAsync("queue", "list", "--json", "--state-dir", StateDir, "--now", MonthLater);
        Assert.Equal(0, later.ExitCode);
        Assert.Equal(before, await PendingIdsAsync(Now));
        Assert.Equal(before, await PendingIdsAsync(MonthLater));
        Assert.Equal(0, (await RunAsync("status", "--state-dir", StateDir, "--now", MonthLater)).ExitCode);
        Assert.Equal(before, await PendingIdsAsync(Now));

        var hygiene = await RunAsync("queue", "expire", "--state-dir", StateDir, "--now", MonthLater);
        Assert.Equal(0, hygiene.ExitCode);
        Assert.Contains($"{before.Count} draft(s) expired", hygiene.Out, StringComparison.Ordinal);
        Assert.Empty(await PendingIdsAsync(Now));
    }

    [Fact]
    public async Task OperatorDryRun_RehearsalClockAfterBatchExpiry_LeavesTheBatchApproved()
    {
        var batchId = await ApprovedBatchAsync();

        var dryRun = await RunAsync("operator", "--motion", "outbound", "--channels", "sandbox", "--json", "--state-dir", StateDir, "--now", MonthLater);
        Assert.Equal(0, dryRun.ExitCode);

        var show = await Cli("batch", "show", batchId, "--json");
        using var json = JsonDocument.Parse(show.Out);
        Assert.Equal("approved", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RealClockState_NowFarFromRealClock_RefusedWithExitTwoAndNothingChanges()
    {
        Assert.Equal(0, (await RunAsync("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(20), "--state-dir", StateDir)).ExitCode);
        var before = await RealPendingIdsAsync();
        Assert.NotEmpty(before);

        var far = TimeProvider.System.GetUtcNow().AddDays(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var args in new[] { ["queue", "list"], ["queue", "expire"], new[] { "status" } })
        {
            var refused = await RunAsync([.. args, "--state-dir", StateDir, "--now", far]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("real clock", refused.Error, StringComparison.Ordinal);
        }

        Assert.Equal(before, await RealPendingIdsAsync());

        var near = TimeProvider.System.GetUtcNow().AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await RunAsync("queue", "list", "--state-dir", StateDir, "--now", near)).ExitCode);
    }

    private static void ReplaceWithFile(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        File.WriteAllText(directory, "this was a directory");
    }

    private Task<CliResult> Cli(params string[] args) => RunAsync([.. args, .. Common]);

    private Task<string> ApprovedBatchAsync() => ProductionBatchOfThreeAsync(Cli);

    private Task<List<(string Id, string Tier)>> PendingAsync() => PendingAsync(Cli);

    private async Task<List<string>> PendingIdsAsync(string now)
    {
        var list = await RunAsync("queue", "list", "--json", "--state-dir", StateDir, "--now", now);
        Assert.Equal(0, list.ExitCode);
        using var json = JsonDocument.Parse(list.Out);
        return [.. json.RootElement.EnumerateArray().Select(i => i.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> RealPendingIdsAsync()
    {
        var list = await RunAsync("queue", "list", "--json", "--state-dir", StateDir);
        Assert.Equal(0, list.ExitCode);
        using var json = JsonDocument.Parse(list.Out);
        return [.. json.RootElement.EnumerateArray().Select(i => i.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }
}
