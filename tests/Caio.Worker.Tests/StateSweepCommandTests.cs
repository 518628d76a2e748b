using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary><c>state sweep</c>: expired record and counter documents leave the disk; nothing any command reads changes.</summary>
public sealed class StateSweepCommandTests : CliTestBase
{
    private const string Day = "2026-11-23T15:00:00Z";
    private const string ThreeDaysLater = "2026-11-26T15:00:00Z";

    [Fact]
    public async Task Sweep_AfterASandboxDay_RemovesExpiredDocumentsAndEveryLiveRecordReadsTheSame()
    {
        Assert.Equal(0, (await RunAsync("pipeline", "--mode", "sandbox", "--limit", "120", "--state-dir", StateDir, "--now", Day)).ExitCode);
        var files = DocumentCount();
        var before = await RunAsync("state", "dump", "--json", "--state-dir", StateDir, "--now", ThreeDaysLater);
        Assert.Equal(0, before.ExitCode);

        var sweep = await RunAsync("state", "sweep", "--json", "--state-dir", StateDir, "--now", ThreeDaysLater);

        Assert.Equal(0, sweep.ExitCode);
        using var removed = JsonDocument.Parse(sweep.Out);
        var records = removed.RootElement.GetProperty("records").GetInt32();
        var counters = removed.RootElement.GetProperty("counters").GetInt32();
        Assert.True(records > 0 && counters > 0, sweep.Out);
        Assert.Empty(removed.RootElement.GetProperty("unreadable").EnumerateArray());
        Assert.Equal(files - records - counters, DocumentCount());
        var after = await RunAsync("state", "dump", "--json", "--state-dir", StateDir, "--now", ThreeDaysLater);
        Assert.Equal(before.Out, after.Out);

        var again = await RunAsync("state", "sweep", "--state-dir", StateDir, "--now", ThreeDaysLater);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("removed 0 expired records and 0 expired counters from ", again.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5m", "--older-than: must be at least 10m")]
    [InlineData("3d", "--older-than: '3d' is not a duration")]
    public async Task Sweep_OlderThanOutOfRange_IsAUsageErrorNamingTheOption(string olderThan, string message)
    {
        Assert.Equal(0, (await RunAsync("pipeline", "--mode", "sandbox", "--limit", "20", "--state-dir", StateDir, "--now", Day)).ExitCode);
        var files = DocumentCount();

        var result = await RunAsync("state", "sweep", "--older-than", olderThan, "--state-dir", StateDir, "--now", ThreeDaysLater);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(files, DocumentCount());
    }

    [Fact]
    public async Task Sweep_MissingStateDirectory_IsAUsageError()
    {
        var result = await RunAsync("state", "sweep", "--state-dir", Path.Combine(Directory, "nowhere"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("there is no Caio state in", result.Error, StringComparison.Ordinal);
    }

    private int DocumentCount() =>
        System.IO.Directory.EnumerateFiles(StateDir, "*.json", SearchOption.AllDirectories).Count(f => f.Contains("records", StringComparison.Ordinal) || f.Contains("counters", StringComparison.Ordinal));
}
