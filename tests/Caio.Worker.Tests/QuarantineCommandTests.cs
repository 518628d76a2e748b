using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary>One corrupt review item or batch record is quarantined and reported; every other record proceeds.</summary>
public sealed class QuarantineCommandTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";

    private string[] Common => ["--state-dir", StateDir, "--now", Now];

    private string SendsFile => Path.Combine(StateDir, "sandbox", "sends.jsonl");

    [Fact]
    public async Task CorruptItemRecords_ListShowApproveAndBatchCreate_QuarantineThatItemOnly()
    {
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(40))).ExitCode);
        var pending = await PendingAsync();
        var tier1 = pending.Where(p => p.Tier == "tier_1").Select(p => p.Id).Take(3).ToList();
        Assert.Equal(3, tier1.Count);
        foreach (var id in tier1)
        {
            Assert.Equal(0, (await Cli("queue", "approve", id, "--by", "head-of-sales")).ExitCode);
        }

        var corruptPending = pending.Select(p => p.Id).First(id => !tier1.Contains(id));
        CorruptRecord("queue:item:" + corruptPending);
        CorruptRecord("queue:item:" + tier1[0]);

        var list = await Cli("queue", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        using (var json = JsonDocument.Parse(list.Out))
        {
            Assert.Equal(pending.Count - 4, json.RootElement.GetArrayLength());
        }

        Assert.Contains($"quarantined: queue:item:{corruptPending}", list.Error, StringComparison.Ordinal);

        var show = await Cli("queue", "show", corruptPending);
        Assert.Equal(1, show.ExitCode);
        Assert.Contains("item_unreadable", show.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", show.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli("queue", "show", tier1[1])).ExitCode);

        var approve = await Cli("queue", "approve", corruptPending, "--by", "head-of-sales");
        Assert.Equal(1, approve.ExitCode);
        Assert.Contains("refused: item_unreadable", approve.Error, StringComparison.Ordinal);
        Assert.Contains("queue:item:" + corruptPending, approve.Error, StringComparison.Ordinal);

        var created = await Cli("batch", "create", "--motion", "outbound", "--json");
        Assert.Equal(0, created.ExitCode);
        using var batch = JsonDocument.Parse(created.Out);
        Assert.Equal(2, batch.RootElement.GetProperty("itemCount").GetInt32());
        Assert.Contains($"quarantined: queue:item:{tier1[0]}", created.Error, StringComparison.Ordinal);

        // Nothing was deleted: the corrupt record is still there for repair.
        Assert.NotNull(FindRecordFile("queue:item:" + corruptPending));
    }

    [Fact]
    public async Task CorruptBatchAndItemRecords_Operator_SendsEverythingElseAndNamesThem()
    {
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(60))).ExitCode);
        var tier1 = (await PendingAsync()).Where(p => p.Tier == "tier_1").Select(p => p.Id).Take(5).ToList();
        Assert.Equal(5, tier1.Count);
        var first = await ApprovedBatchAsync(tier1[..2]);
        var second = await ApprovedBatchAsync(tier1[2..]);
        CorruptRecord("batch:record:" + first);
        CorruptRecord("queue:item:" + tier1[2]);

        var live = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--json");
        Assert.Contains($"quarantined: batch:record:{first}", live.Error, StringComparison.Ordinal);
        Assert.True(live.Out.Length > 0, live.Error);
        using var report = JsonDocument.Parse(live.Out);
        var batches = report.RootElement.GetProperty("batches").EnumerateArray().ToList();
        var executed = Assert.Single(batches);
        Assert.Equal(second, executed.GetProperty("batchId").GetString());
        var actions = executed.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(3, actions.Count);
        var unreadable = Assert.Single(actions, a => a.TryGetProperty("reason", out var reason) && reason.GetString() == "item_unreadable");
        Assert.StartsWith(tier1[2], unreadable.GetProperty("actionId").GetString(), StringComparison.Ordinal);

        // The other two went through the safety chain as usual: sent, or deferred by the send window.
        var others = actions.Where(a => !a.GetProperty("actionId").GetString()!.StartsWith(tier1[2], StringComparison.Ordinal)).ToList();
        Assert.All(others, a => Assert.Contains(a.GetProperty("outcome").GetString(), new[] { "sent", "deferred" }));
        var sent = others.Count(a => a.GetProperty("outcome").GetString() == "sent");
        Assert.Equal(sent, File.Exists(SendsFile) ? File.ReadAllLines(SendsFile).Length : 0);
    }

    private Task<CliResult> Cli(params string[] args) => RunAsync([.. args, .. Common]);

    private Task<string> ApprovedBatchAsync(IEnumerable<string> ids) => ApproveIntoBatchAsync(Cli, ids);

    private Task<List<(string Id, string Tier)>> PendingAsync() => PendingAsync(Cli);

    /// <summary>
    /// Makes a record unreadable: its document is overwritten; a record that lives in a segment (written
    /// in a group, decision 0012) gets a corrupt document, which takes precedence over the segment.
    /// </summary>
    private void CorruptRecord(string key)
    {
        var file = FindRecordFile(key) ?? Path.Combine(StateDir, "records", key.Split(':')[0], key.Replace(":", "%3A", StringComparison.Ordinal) + ".json");
        Assert.True(File.Exists(file) || key.All(c => !char.IsAsciiLetterUpper(c)), "the document name needs no escape beyond ':'");
        File.WriteAllText(file, "{\"key\":\"" + key + "\",\"version\":1,\"value\":{\"id\":");
    }

    private string? FindRecordFile(string key) =>
        System.IO.Directory.EnumerateFiles(Path.Combine(StateDir, "records"), "*.json", SearchOption.AllDirectories)
            .FirstOrDefault(f => File.ReadAllText(f).StartsWith("{\"key\":\"" + key + "\"", StringComparison.Ordinal));
}
