using System.Text.Json;

namespace Caio.Worker.Tests;

public sealed class ToolCommandTests : CliTestBase
{
    [Fact]
    public async Task Score_JsonInput_PrintsResultsInInputOrder()
    {
        var input = WriteFile("leads.json", """
            [
              {"email": "ceo@acme.example", "title": "Founder & CEO", "company": {"employees": 120, "industry": "Marketing agency"}},
              {"email": "intern@tiny.example", "title": "Intern", "company": {"employees": 3}},
              {"email": "nobody@else.example"}
            ]
            """);

        var result = await RunAsync("score", "--input", input, "--json", "--state-dir", StateDir);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["ceo@acme.example", "intern@tiny.example", "nobody@else.example"], items.Select(i => i.GetProperty("email").GetString()));
        Assert.Equal("tier_1", items[0].GetProperty("tier").GetString());
        Assert.False(items[0].GetProperty("disqualified").GetBoolean());
        Assert.True(items[1].GetProperty("disqualified").GetBoolean());
        Assert.Equal(0, items[2].GetProperty("score").GetInt32());
        foreach (var item in items)
        {
            Assert.True(item.TryGetProperty("needsReview", out _));
            Assert.Equal(JsonValueKind.Array, item.GetProperty("reasons").ValueKind);
        }
    }

    [Theory]
    [InlineData("not json", "leads.json")]
    [InlineData("[{\"email\": \"a@example.com\", \"source\": {\"type\": \"cold_call\"}}]", "lead #1")]
    public async Task Score_BadInput_ExitsTwo(string content, string expected)
    {
        var input = WriteFile("leads.json", content);

        var result = await RunAsync("score", "--input", input, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Score_MissingFile_ExitsTwo()
    {
        var result = await RunAsync("score", "--input", Path.Combine(Directory, "absent.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DedupKey_Addresses_PrintsKeyOrInvalidReasonPerAddress()
    {
        var result = await RunAsync("dedup-key", " Jane.Doe+news@GoogleMail.com ", "no-at-sign", "ops@Bücher.example");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["email:janedoe@gmail.com", "invalid: missing_at", "email:ops@xn--bcher-kva.example"], lines);
    }

    [Fact]
    public async Task DedupKey_Json_PrintsObjects()
    {
        var result = await RunAsync("dedup-key", "A@Example.com", "@example.com", "--json");

        using var json = JsonDocument.Parse(result.Out);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal("email:a@example.com", items[0].GetProperty("key").GetString());
        Assert.Equal("empty_local_part", items[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BatchHash_ReorderedAndRecased_SameHash_ChangedScope_DifferentHash()
    {
        var a = WriteFile("a.json", """
            {"motion": "outbound", "itemIds": ["i1", "i2"], "actions": [
              {"actionId": "a1", "email": "Ana@Example.com", "channel": "email", "step": 1, "day": 1},
              {"actionId": "a2", "email": "bo@example.com", "channel": "linkedin", "step": 2, "day": 2}]}
            """);
        var b = WriteFile("b.json", """
            {"actions": [
              {"day": 2, "step": 2, "channel": "linkedin", "email": "BO@example.com", "actionId": "a2"},
              {"actionId": "a1", "email": "ana@example.com", "channel": "email", "step": 1, "day": 1}],
             "itemIds": ["i2", "i1"], "motion": "outbound"}
            """);
        var c = WriteFile("c.json", """
            {"motion": "outbound", "itemIds": ["i1", "i2"], "actions": [
              {"actionId": "a1", "email": "ana@example.com", "channel": "email", "step": 1, "day": 2},
              {"actionId": "a2", "email": "bo@example.com", "channel": "linkedin", "step": 2, "day": 2}]}
            """);

        var hashA = (await RunAsync("batch-hash", "--input", a)).Out.Trim();
        var hashB = (await RunAsync("batch-hash", "--input", b)).Out.Trim();
        var hashC = (await RunAsync("batch-hash", "--input", c)).Out.Trim();

        Assert.Matches("^[0-9a-f]{64}$", hashA);
        Assert.Equal(hashA, hashB);
        Assert.NotEqual(hashA, hashC);
    }

    [Theory]
    [InlineData("{\"motion\": \"outbound\", \"itemIds\": [], \"actions\": [{\"actionId\": \"a1\", \"email\": \"a@example.com\", \"channel\": \"fax\", \"step\": 1, \"day\": 1}]}", "fax")]
    [InlineData("{\"motion\": \"outbound\"", "JSON")]
    public async Task BatchHash_BadInput_ExitsTwo(string content, string expected)
    {
        var input = WriteFile("scope.json", content);

        var result = await RunAsync("batch-hash", "--input", input);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwo()
    {
        var result = await RunAsync("launch-rockets");

        Assert.Equal(2, result.ExitCode);
    }
}
