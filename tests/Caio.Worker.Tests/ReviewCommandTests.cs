using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary>Reviewing from the CLI: what a reviewer reads, finds and decides, and what they are warned about.</summary>
public sealed class ReviewCommandTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";

    private string[] Common => ["--state-dir", StateDir, "--now", Now];

    [Fact]
    public async Task QueueShow_ByUniquePrefix_PrintsRecipientChannelStepScoreReasonsFactsSubjectAndBody()
    {
        await ImportAsync();
        var item = (await ListJsonAsync()).First(i => i.GetProperty("needsReview").GetBoolean());
        var id = item.GetProperty("id").GetString()!;

        var show = await Cli("queue", "show", await UniquePrefixAsync(id));

        Assert.Equal(0, show.ExitCode);
        Assert.Contains(id + "  pending  outbound", show.Out, StringComparison.Ordinal);
        Assert.Contains("channel:   email, step 1 (day 1)", show.Out, StringComparison.Ordinal);
        Assert.Contains($"score:     {item.GetProperty("score").GetInt32()}, {item.GetProperty("tier").GetString()}, needs_review", show.Out, StringComparison.Ordinal);
        Assert.Contains("why needs_review: the score", show.Out, StringComparison.Ordinal);
        foreach (var reason in item.GetProperty("reasons").EnumerateArray())
        {
            Assert.Contains(reason.GetProperty("detail").GetString()!, show.Out, StringComparison.Ordinal);
        }

        Assert.Contains("subject: " + item.GetProperty("subject").GetString(), show.Out, StringComparison.Ordinal);
        Assert.Contains("| " + item.GetProperty("body").GetString()!.Split('\n')[0], show.Out, StringComparison.Ordinal);
        Assert.Matches(@"employees\s+\d+\s+input", show.Out);
        Assert.Contains("expires:   Thu 15:00 UTC, in 3 days unless decided", show.Out, StringComparison.Ordinal);
        Assert.NotEmpty(item.GetProperty("facts").EnumerateArray());
    }

    [Fact]
    public async Task QueueShow_AmbiguousPrefix_ExitsTwoListingTheCandidates()
    {
        await ImportAsync();

        var show = await Cli("queue", "show", "rq_");

        Assert.Equal(2, show.ExitCode);
        Assert.Contains("'rq_' matches at least 10 review item ids", show.Error, StringComparison.Ordinal);
        Assert.Equal(10, show.Error.Split('\n').Count(l => l.StartsWith("  rq_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task QueueList_FiltersSortsAndPages()
    {
        await ImportAsync();
        var all = await ListJsonAsync();

        var byScore = await ListJsonAsync("--sort", "score");
        Assert.Equal(all.Count, byScore.Count);
        Assert.Equal(byScore.Select(Score).OrderDescending(), byScore.Select(Score));
        var byAge = await ListJsonAsync("--sort", "age");
        Assert.Equal(byAge.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).Order(), byAge.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()));

        var tier2 = await ListJsonAsync("--tier", "tier_2");
        Assert.NotEmpty(tier2);
        Assert.All(tier2, i => Assert.Equal("tier_2", i.GetProperty("tier").GetString()));
        Assert.All(await ListJsonAsync("--needs-review"), i => Assert.True(i.GetProperty("needsReview").GetBoolean()));

        var page1 = await ListJsonAsync("--limit", "3");
        var page2 = await ListJsonAsync("--limit", "3", "--offset", "3");
        Assert.Equal(byScore.Take(6).Select(Id), page1.Concat(page2).Select(Id));

        var text = await Cli("queue", "list", "--limit", "3");
        Assert.Contains($"{all.Count} pending item(s); showing 1–3, sorted by score (highest first)", text.Out, StringComparison.Ordinal);
        Assert.Contains("more: add --offset 3 for the next page", text.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--sort", "id")]
    [InlineData("--tier", "gold")]
    [InlineData("--limit", "-1")]
    public async Task QueueList_BadFilter_ExitsTwoNamingTheAllowedValues(string option, string value)
    {
        await ImportAsync();

        var result = await Cli("queue", "list", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchShow_ByPrefix_PrintsEachActionsMessage()
    {
        await ImportAsync();
        var tier1 = (await ListJsonAsync("--tier", "tier_1")).Take(2).ToList();
        var batchId = await ApproveIntoBatchAsync(Cli, tier1.Select(Id));

        var show = await Cli("batch", "show", batchId[..^3]);

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("2 action(s):", show.Out, StringComparison.Ordinal);
        foreach (var item in tier1)
        {
            Assert.Contains("subject: " + item.GetProperty("subject").GetString(), show.Out, StringComparison.Ordinal);
            Assert.Contains("| " + item.GetProperty("body").GetString()!.Split('\n')[0], show.Out, StringComparison.Ordinal);
        }

        Assert.Contains("expires Tue 15:00 UTC, in 1 day", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueueApprove_RoleAddress_WarnsThatItCannotGoOutNow()
    {
        var input = WriteFile("leads.json", """[{"email":"info@acme.example","title":"CEO","company":{"name":"Acme","employees":120,"industry":"Marketing & Advertising"}}]""");
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", input)).ExitCode);
        var id = Id((await ListJsonAsync())[0]);

        var approve = await Cli("queue", "approve", id, "--by", "head-of-sales");

        Assert.Equal(0, approve.ExitCode);
        Assert.Contains("approved by head-of-sales", approve.Out, StringComparison.Ordinal);
        Assert.Contains("warning: approved, but it cannot go out now: role_address", approve.Error, StringComparison.Ordinal);
        Assert.Contains("shared role mailbox", approve.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueueApprove_BelowTheRampsTiers_WarnsAndTier1DoesNot()
    {
        await ImportAsync();
        var tier2 = (await ListJsonAsync("--tier", "tier_2"))[0];
        var tier1 = (await ListJsonAsync("--tier", "tier_1"))[0];

        var warned = await Cli("queue", "approve", Id(tier2)[..^2], "--by", "head-of-sales");
        var clean = await Cli("queue", "approve", Id(tier1), "--by", "head-of-sales");

        Assert.Equal(0, warned.ExitCode);
        Assert.Contains("warning: approved, but it cannot go out now: ramp_tier_restricted (ramping: only tier_1 are sent, not tier_2)", warned.Error, StringComparison.Ordinal);
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(string.Empty, clean.Error);
    }

    [Fact]
    public async Task Suppress_AddListRemove_AppliesAtApprovalAndDispatchAndIsAudited()
    {
        await ImportAsync();
        var items = (await ListJsonAsync("--tier", "tier_1")).Take(3).ToList();
        var emails = items.Select(i => i.GetProperty("recipientEmail").GetString()!).ToList();

        var add = await Cli("suppress", "add", "unsubscribe", emails[0].ToUpperInvariant(), "--reason", "asked by phone", "--by", "ops");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("sends to it are refused suppressed_unsubscribed", add.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli("suppress", "add", "domain", emails[1].Split('@')[1], "--reason", "legal request", "--by", "ops")).ExitCode);
        Assert.Equal(0, (await Cli("suppress", "add", "address", emails[2], "--reason", "bounced in the CRM", "--by", "ops")).ExitCode);

        var list = await Cli("suppress", "list");
        Assert.Contains("3 suppression(s)", list.Out, StringComparison.Ordinal);
        Assert.Contains("asked by phone", list.Out, StringComparison.Ordinal);
        Assert.Contains("domain       " + emails[1].Split('@')[1], list.Out, StringComparison.Ordinal);

        var approve = await Cli("queue", "approve", Id(items[0]), "--by", "head-of-sales");
        Assert.Contains("suppressed_unsubscribed", approve.Error, StringComparison.Ordinal);

        foreach (var item in items.Skip(1))
        {
            Assert.Equal(0, (await Cli("queue", "approve", Id(item), "--by", "head-of-sales")).ExitCode);
        }

        var created = await Cli("batch", "create", "--motion", "outbound", "--json");
        using var batch = JsonDocument.Parse(created.Out);
        var batchId = batch.RootElement.GetProperty("id").GetString()!;
        Assert.Equal(0, (await Cli("batch", "approve", batchId, "--by", "head-of-sales")).ExitCode);

        // Every action is refused: the live run sent nothing, and says so with exit code 1.
        var live = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox");
        Assert.Equal(1, live.ExitCode);
        Assert.Contains("suppressed_unsubscribed", live.Out, StringComparison.Ordinal);
        Assert.Contains("blocked_domain", live.Out, StringComparison.Ordinal);
        Assert.Contains("blocked_email", live.Out, StringComparison.Ordinal);
        Assert.Contains("The recipient unsubscribed; they are never contacted again.", live.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await Cli("suppress", "remove", "domain", emails[1].Split('@')[1], "--reason", "added in error", "--by", "ops")).ExitCode);
        var again = await Cli("suppress", "remove", "domain", emails[1].Split('@')[1], "--by", "ops");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("2 suppression(s)", (await Cli("suppress", "list")).Out, StringComparison.Ordinal);

        var audit = string.Join('\n', System.IO.Directory.GetFiles(Path.Combine(StateDir, "logs"), "audit*").Select(File.ReadAllText));
        Assert.Equal(3, audit.Split('\n').Count(l => l.Contains("suppression.added", StringComparison.Ordinal)));
        Assert.Contains("suppression.removed", audit, StringComparison.Ordinal);
        Assert.Contains("legal request", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("suppress", "add", "bounce", "a@acme.example", "--reason", "x")]
    [InlineData("suppress", "add", "address", "not-an-address", "--reason", "x")]
    [InlineData("suppress", "add", "domain", "nodots", "--reason", "x")]
    [InlineData("suppress", "add", "address", "a@acme.example", "--reason", " ")]
    public async Task Suppress_BadInput_ExitsTwoInTheUsersTerms(params string[] args)
    {
        var result = await Cli(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suppress_NotAnAddress_SaysWhatIsWrongInWords_NotAsACode()
    {
        var result = await Cli("suppress", "add", "address", "not-an-email", "--reason", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'not-an-email' is not an email address. The address has no '@'.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("missing_at", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queue", "list")]
    [InlineData("queue", "show", "rq_x")]
    [InlineData("batch", "list")]
    [InlineData("status")]
    [InlineData("suppress", "list")]
    [InlineData("reconcile")]
    public async Task ReadCommand_StateDirectoryMissing_ExitsTwoAndCreatesNothing(params string[] args)
    {
        var missing = Path.Combine(Directory, "typo");

        var result = await RunAsync([.. args, "--state-dir", missing, "--now", Now]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("there is no Caio state in", result.Error, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(missing));
    }

    private static int Score(JsonElement item) => item.GetProperty("score").GetInt32();

    private static string Id(JsonElement item) => item.GetProperty("id").GetString()!;

    private Task<CliResult> Cli(params string[] args) => RunAsync([.. args, .. Common]);

    private async Task ImportAsync() =>
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", WriteGeneratedLeads(40, timeZone: "America/New_York"))).ExitCode);

    private async Task<List<JsonElement>> ListJsonAsync(params string[] args)
    {
        var list = await Cli(["queue", "list", "--json", .. args]);
        Assert.Equal(0, list.ExitCode);
        using var json = JsonDocument.Parse(list.Out);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private async Task<string> UniquePrefixAsync(string id)
    {
        var ids = (await ListJsonAsync()).Select(Id).ToList();
        for (var length = 4; length < id.Length; length++)
        {
            if (ids.Count(other => other.StartsWith(id[..length], StringComparison.Ordinal)) == 1)
            {
                return id[..length];
            }
        }

        return id;
    }
}
