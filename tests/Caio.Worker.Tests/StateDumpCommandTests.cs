using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary><c>state dump</c>: every live record, whichever layout holds it (documents or record segments).</summary>
public sealed class StateDumpCommandTests : CliTestBase
{
    private string[] Common => ["--state-dir", StateDir, "--now", "2026-11-23T15:00:00Z"];

    [Fact]
    public async Task Dump_AfterAnImport_PrintsEveryQueuedDraftFromTheSegmentsAsJsonLines()
    {
        var run = await RunAsync(["pipeline", "--mode", "production", "--input", WriteGeneratedLeads(400), "--json", .. Common]);
        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Out);
        var queued = report.RootElement.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "queue").GetProperty("out").GetInt64();
        Assert.True(queued >= 16, "the import wrote at least one group (segments)");

        var dump = await RunAsync(["state", "dump", "--family", "queue", "--json", .. Common]);

        Assert.Equal(0, dump.ExitCode);
        var lines = dump.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = 0;
        List<string> keys = [];
        foreach (var line in lines)
        {
            using var record = JsonDocument.Parse(line);
            var key = record.RootElement.GetProperty("key").GetString()!;
            keys.Add(key);
            Assert.StartsWith("queue:", key, StringComparison.Ordinal);
            Assert.True(record.RootElement.GetProperty("version").GetInt64() >= 1);
            if (key.StartsWith("queue:item:", StringComparison.Ordinal))
            {
                Assert.Equal("pending", record.RootElement.GetProperty("value").GetProperty("status").GetString());
                items++;
            }
        }

        Assert.Equal(queued, items);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys); // key order
        Assert.Equal(items, keys.Count(k => k.StartsWith("queue:dedup:", StringComparison.Ordinal))); // one duplicate marker per draft

        var text = await RunAsync(["state", "dump", "--family", "queue", .. Common]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"{lines.Length} records", text.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_FamilyWithAColon_IsAUsageError()
    {
        var result = await RunAsync(["state", "dump", "--family", "queue:item", .. Common]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--family", result.Error, StringComparison.Ordinal);
    }
}
