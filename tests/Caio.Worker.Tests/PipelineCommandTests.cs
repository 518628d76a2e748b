using System.Text.Json;

namespace Caio.Worker.Tests;

public sealed class PipelineCommandTests : CliTestBase
{
    [Fact]
    public async Task Pipeline_SandboxJson_PrintsRunReport()
    {
        var result = await RunAsync("pipeline", "--mode", "sandbox", "--limit", "300", "--state-dir", StateDir, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Matches("^run_[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$", root.GetProperty("runId").GetString());
        Assert.Equal("sandbox", root.GetProperty("mode").GetString());
        Assert.Equal("sandbox", root.GetProperty("source").GetString());
        Assert.True(root.TryGetProperty("startedAt", out _));
        Assert.True(root.TryGetProperty("finishedAt", out _));
        Assert.Equal(["source", "enrich", "score", "craft", "approve", "send"], root.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var stage = root.GetProperty("stages")[0];
        Assert.Equal(300, stage.GetProperty("in").GetInt64());
        Assert.True(stage.TryGetProperty("out", out _) && stage.TryGetProperty("failed", out _) && stage.TryGetProperty("durationMs", out _));
        Assert.Equal(300, root.GetProperty("tiers").EnumerateObject().Sum(t => t.Value.GetInt64()));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("errors").ValueKind);
        Assert.True(System.IO.Directory.EnumerateFiles(StateDir, "*", SearchOption.AllDirectories).Any(), "state is written under --state-dir");
    }

    [Fact]
    public async Task Pipeline_ProductionSameSeedTwiceOnSameState_QueuesNothingNew()
    {
        var leads = WriteGeneratedLeads(100);
        var first = await RunAsync("pipeline", "--mode", "production", "--input", leads, "--state-dir", StateDir, "--json");
        var second = await RunAsync("pipeline", "--mode", "production", "--input", leads, "--state-dir", StateDir, "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.True(Stage(first, "queue") > 0);
        Assert.Equal(0, Stage(second, "queue"));
    }

    [Fact]
    public async Task Pipeline_Sandbox1000_SendsWhatCapsAllowAndNothingNewOnSecondRun()
    {
        string[] args = ["pipeline", "--mode", "sandbox", "--limit", "1000", "--state-dir", StateDir, "--now", "2026-11-23T15:00:00Z", "--json"];
        var first = await RunAsync(args);
        var second = await RunAsync(args);

        Assert.Equal(0, first.ExitCode);
        var sent = Stage(first, "send");
        Assert.InRange(sent, 1, 5);
        using (var json = JsonDocument.Parse(first.Out))
        {
            var filtered = json.RootElement.GetProperty("filtered");
            Assert.True(filtered.TryGetProperty("ramp_tier_restricted", out _), first.Out);
        }

        var sends = File.ReadAllLines(Path.Combine(StateDir, "sandbox", "sends.jsonl"));
        Assert.Equal(sent, sends.Length);
        using (var line = JsonDocument.Parse(sends[0]))
        {
            Assert.Equal(["channel", "recipientKey", "step", "messageId", "at", "subject", "body"], line.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.False(string.IsNullOrWhiteSpace(line.RootElement.GetProperty("body").GetString()));
        }

        Assert.Equal(0, Stage(second, "send"));
        Assert.Equal(sends.Length, File.ReadAllLines(Path.Combine(StateDir, "sandbox", "sends.jsonl")).Length);
    }

    [Fact]
    public async Task Pipeline_HumanSummary_ListsStagesAndTiers()
    {
        var result = await RunAsync("pipeline", "--limit", "50", "--state-dir", StateDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("completed", result.Out, StringComparison.Ordinal);
        Assert.Contains("send", result.Out, StringComparison.Ordinal);
        Assert.Contains("tier_1", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--segment", "tier_9", "tier_9")]
    [InlineData("--mode", "staging", "staging")]
    [InlineData("--limit", "lots", "lots")]
    [InlineData("--limit", "-5", "--limit")]
    public async Task Pipeline_BadOption_ExitsTwoNamingIt(string option, string value, string expected)
    {
        var result = await RunAsync("pipeline", option, value, "--state-dir", StateDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"email\": \"a@example.com\"", "leads.json")]
    [InlineData("[{\"title\": \"CEO\"}]", "'email'")]
    public async Task Pipeline_BadInputFile_ExitsTwoWithoutStackTrace(string content, string expected)
    {
        var input = WriteFile("leads.json", content);

        var result = await RunAsync("pipeline", "--input", input, "--state-dir", StateDir, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_BadInputFileVerbose_ShowsStackTrace()
    {
        var input = WriteFile("leads.json", "[{");

        var result = await RunAsync("pipeline", "--input", input, "--state-dir", StateDir, "--verbose");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_InputFile_ImportsAndReportsInvalidAddresses()
    {
        var input = WriteFile("leads.json", """
            [
              {"email": "ceo@acme.example", "firstName": "Ana", "title": "CEO", "company": {"name": "Acme", "employees": 120, "industry": "SaaS"}},
              {"email": "broken-address", "firstName": "Bo"}
            ]
            """);

        var result = await RunAsync("pipeline", "--mode", "production", "--input", input, "--state-dir", StateDir, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal("import", root.GetProperty("source").GetString());
        Assert.Equal("production", root.GetProperty("mode").GetString());
        var source = root.GetProperty("stages")[0];
        Assert.Equal(2, source.GetProperty("in").GetInt64());
        Assert.Equal(1, source.GetProperty("failed").GetInt64());
        Assert.Contains("missing_at", root.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_ProductionFileWithMissingFacts_ReportsNoEnricherAndKeepsFactsMissing()
    {
        var input = WriteFile("leads.json", """
            [
              {"email": "ana@acme.example", "firstName": "Ana", "title": "Founder & CEO", "company": {"name": "Acme", "industry": "SaaS"}},
              {"email": "ben@globex.example", "firstName": "Ben", "title": "VP of Sales", "company": {"name": "Globex", "industry": "SaaS"}}
            ]
            """);

        var json = await RunAsync("pipeline", "--mode", "production", "--input", input, "--state-dir", StateDir, "--json");
        var text = await RunAsync("pipeline", "--mode", "production", "--input", input, "--state-dir", Path.Combine(Directory, "other"));
        var queue = await RunAsync("queue", "list", "--json", "--state-dir", StateDir);

        Assert.Equal(0, json.ExitCode);
        using (var report = JsonDocument.Parse(json.Out))
        {
            Assert.Equal(0, report.RootElement.GetProperty("enrichmentRate").GetDouble());
            Assert.Equal(0, report.RootElement.GetProperty("enrichmentProviders").GetArrayLength());
        }

        Assert.Contains("enrichment by provider: none configured", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("America/New_York", queue.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_ProductionNamingTheSandboxGenerator_ExitsTwo()
    {
        var result = await RunAsync("pipeline", "--mode", "production", "--source", "sandbox", "--limit", "10", "--state-dir", StateDir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sandbox mode only", result.Error, StringComparison.Ordinal);
    }

    private static long Stage(CliResult result, string name)
    {
        using var json = JsonDocument.Parse(result.Out);
        return json.RootElement.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("out").GetInt64();
    }
}
