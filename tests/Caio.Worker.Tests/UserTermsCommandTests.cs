namespace Caio.Worker.Tests;

/// <summary>What a new user sees when they get something wrong: the option or setting, the bad value, the allowed values, and why a run failed.</summary>
public sealed class UserTermsCommandTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";

    private string[] Common => ["--state-dir", StateDir, "--now", Now];

    private Task<CliResult> Cli(params string[] args) => RunAsync([.. args, .. Common]);

    [Theory]
    [InlineData("--motion: unknown value 'outbond'. Expected one of: outbound, cadence, revival, all.", "operator", "--motion", "outbond")]
    [InlineData("--motion: unknown value 'inbound'. Expected one of: outbound, cadence, revival.", "batch", "create", "--motion", "inbound")]
    [InlineData("--mode: unknown value 'live'. Expected one of: sandbox, production.", "pipeline", "--mode", "live")]
    [InlineData("emergency-stop: unknown value 'maybe'. Expected one of: on, off.", "emergency-stop", "maybe", "--by", "ops")]
    public async Task UnknownValue_NamesTheOptionTheValueAndTheAllowedValuesOnOneLine(string expected, params string[] args)
    {
        var result = await Cli(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: " + expected + Environment.NewLine, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Caio__Safety__Caps__Daily", "abc", "Caio:Safety:Caps:Daily: 'abc' is not a whole number.")]
    [InlineData("Caio__Review__DraftTimeToLive", "three days", "Caio:Review:DraftTimeToLive: 'three days' is not a duration such as 00:15:00")]
    public async Task SettingThatDoesNotConvert_ExitsTwoNamingTheSettingAndTheValue(string variable, string value, string expected)
    {
        System.IO.Directory.CreateDirectory(StateDir);

        var result = await RunProcessAsync(["status", "--state-dir", StateDir], new() { [variable] = value });

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: " + expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("export.tsv")]
    [InlineData("export.txt")]
    [InlineData("export")]
    public async Task TabSeparatedExportNotNamedCsv_IsRefusedSayingHowItIsRead(string name)
    {
        var path = WriteFile(name, "Email Address\tCompany Name\nana@acme.example\tAcme\n");

        var result = await Cli("score", "--input", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {name} is read as JSON, because only a file whose name ends in .csv is read as CSV", result.Error, StringComparison.Ordinal);
        Assert.Contains($"give it a .csv name, e.g. '{Path.ChangeExtension(name, ".csv")}'", result.Error, StringComparison.Ordinal);

        var renamed = WriteFile(Path.ChangeExtension(name, ".csv"), File.ReadAllText(path));
        var scored = await Cli("score", "--input", renamed);
        Assert.Equal(0, scored.ExitCode);
        Assert.Contains("ana@acme.example", scored.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-23T15:00:00+0000")]
    [InlineData("2026-11-23 15:00:00+00:00")]
    [InlineData("2026-11-23T16:00+01")]
    [InlineData("2026-11-23T15:00:00.000z")]
    public async Task Now_WithAnOffsetInAnyIsoForm_IsAccepted(string now)
    {
        var result = await RunAsync(["suppress", "add", "domain", "acme.example", "--reason", "asked", "--by", "ops", "--state-dir", StateDir, "--now", now]);

        Assert.True(result.ExitCode == 0, result.Error);
        var list = await RunAsync(["suppress", "list", "--state-dir", StateDir, "--now", now]);
        Assert.Contains("Mon 15:00 UTC", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateDump_StateDirectoryThatDoesNotExist_ExitsTwoAndCreatesNothing()
    {
        var result = await Cli("state", "dump");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: there is no Caio state in '{StateDir}'", result.Error, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(StateDir));
    }

    [Fact]
    public async Task NowFarFromTheRealClockOnRealState_SaysTheTimesAsPeopleReadThem()
    {
        Assert.Equal(0, (await RunAsync(["suppress", "add", "domain", "acme.example", "--reason", "asked", "--by", "ops", "--state-dir", StateDir])).ExitCode);

        var result = await RunAsync(["status", "--state-dir", StateDir, "--now", "2020-01-06T10:00:00Z"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --now Mon 2020-01-06 10:00 UTC is ", result.Error, StringComparison.Ordinal);
        Assert.Contains(" days behind the real clock (now ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("+00:00", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveRunWhereEveryActionIsRefused_ExitsOneAndSaysWhy()
    {
        var leads = WriteFile("role.json", """
            [{"email":"sales@fabrikam.example","firstName":"Team","title":"VP Sales","timeZone":"America/New_York","company":{"name":"Fabrikam","domain":"fabrikam.example","employees":200,"industry":"Computer Software"}}]
            """);
        Assert.Equal(0, (await Cli("pipeline", "--mode", "production", "--input", leads)).ExitCode);
        await ApproveIntoBatchAsync(Cli, (await PendingAsync(Cli)).Select(p => p.Id));

        var live = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox");

        Assert.Equal(1, live.ExitCode);
        Assert.Contains("refused    email    step 1  email:sales@fabrikam.example  role_address", live.Out, StringComparison.Ordinal);
        Assert.Contains("failed: this live run sent nothing: every action was refused or failed (the reasons are above); exit code 1", live.Error, StringComparison.Ordinal);
    }
}
