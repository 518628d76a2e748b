using System.Text;
using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary>Input people actually have: CRM exports, loosely typed JSON, mistakes answered in their own terms.</summary>
public sealed class InputCommandTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";

    private string[] Common => ["--state-dir", StateDir, "--now", Now];

    [Fact]
    public async Task Pipeline_SemicolonCrmExport_MapsTheColumnsAndWarnsAboutTheIgnoredOnes()
    {
        var input = WriteFile("hubspot-export.csv", """
            Email Address;First Name;Last Name;Job Title;Company Name;Website;Number of Employees;Industry;LinkedIn URL;Lead Owner;Created Date
            ana@acme.example;Ana;Lopez;Founder & CEO;Acme;https://www.acme.example/about;"1,200";Marketing & Advertising;https://www.linkedin.com/in/ana;Bob;2024-01-01

            """);

        var result = await RunAsync(["pipeline", "--mode", "production", "--input", input, .. Common]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("note: hubspot-export.csv is read as semicolon-separated", result.Error, StringComparison.Ordinal);
        Assert.Contains("warning: hubspot-export.csv: 2 column(s) ignored, they fill no lead field: 'Lead Owner', 'Created Date'", result.Error, StringComparison.Ordinal);
        var list = await RunAsync(["queue", "list", "--json", .. Common]);
        using var json = JsonDocument.Parse(list.Out);
        var item = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("Founder & CEO", item.GetProperty("title").GetString());
        Assert.Equal("Acme", item.GetProperty("company").GetString());
        Assert.Equal("acme.example", item.GetProperty("companyDomain").GetString());
        Assert.Contains(item.GetProperty("facts").EnumerateArray(), f => f.GetProperty("name").GetString() == "employees" && f.GetProperty("value").GetString() == "1200");
    }

    [Theory]
    [InlineData("Work Email,Company,Employees,Title\nana@acme.example,Acme,51-200,CEO\n")]
    [InlineData("EMAIL , company name , number_of_employees , job title\nana@acme.example,Acme,51,CEO\n")]
    public async Task Score_HeaderNamesInAnyCaseAndSpacing_MapToLeadFields(string csv)
    {
        var input = WriteFile("leads.csv", csv);

        var result = await RunAsync(["score", "--input", input, "--json", .. Common]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var reasons = json.RootElement[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("detail").GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("51 employees", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("'CEO' matched", StringComparison.Ordinal));
        Assert.DoesNotContain("ignored", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_SemicolonFileWithoutEmailColumn_NamesTheSeparatorAndTheColumns()
    {
        var input = WriteFile("leads.csv", "Name;Mail\nAna;ana@acme.example\n");

        var result = await RunAsync(["score", "--input", input, .. Common]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no 'email' column", result.Error, StringComparison.Ordinal);
        Assert.Contains("'Name;Mail'", result.Error, StringComparison.Ordinal);
        Assert.Contains("separated by ';'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_JsonWithAnyLetterCaseAndNumbersAsStrings_ReadsThem()
    {
        var input = WriteFile("leads.json", """[{"Email":"bo@acme.example","TITLE":"CEO","Company":{"Name":"Acme","EMPLOYEES":"120"},"intent":{"siteVisits":"3"}}]""");

        var result = await RunAsync(["score", "--input", input, "--json", .. Common]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var details = json.RootElement[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("detail").GetString()!).ToList();
        Assert.Contains("120 employees, band Midsize (51–500)", details);
        Assert.Contains("3 site visits +4", details);
    }

    [Fact]
    public async Task ScoreJson_LongRunOffATerminal_StreamsTheArrayAndWritesProgressLines()
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < 3_000; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("{\"email\":\"lead").Append(i).Append("@acme.example\",\"title\":\"CEO\",\"company\":{\"employees\":120}}");
        }

        var input = WriteFile("leads.json", json.Append(']').ToString());

        var result = await RunAsync(["score", "--input", input, "--json", "--progress-interval", "00:00:00.001", .. Common]);

        Assert.Equal(0, result.ExitCode);
        using var output = JsonDocument.Parse(result.Out);
        Assert.Equal(3_000, output.RootElement.GetArrayLength());
        Assert.Equal("lead2999@acme.example", output.RootElement[2_999].GetProperty("email").GetString());
        Assert.Contains("progress: scored ", result.Error, StringComparison.Ordinal);
        Assert.Contains("/3,000 (", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("progress", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_OffATerminal_WritesProgressLinesToStandardErrorOnly()
    {
        var result = await RunAsync(["pipeline", "--mode", "production", "--input", WriteGeneratedLeads(300), "--json", "--progress-interval", "00:00:00.001", .. Common]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("progress: sourced ", result.Error, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal(300, report.RootElement.GetProperty("records").GetProperty("read").GetInt64());

        var quiet = await RunAsync(["pipeline", "--mode", "production", "--input", WriteGeneratedLeads(30, "more.json"), "--progress-interval", "0s", "--state-dir", Path.Combine(Directory, "other"), "--now", Now]);
        Assert.DoesNotContain("progress:", quiet.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-23T15:00:00")]
    [InlineData("2026-11-23")]
    [InlineData("tomorrow")]
    public async Task Now_WithoutAnOffset_IsRefused(string now)
    {
        var result = await RunAsync(["status", "--state-dir", StateDir, "--now", now]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --now: '{now}'", result.Error, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(StateDir));
    }

    [Theory]
    [InlineData("pipeline", "--limit", "abc")]
    [InlineData("pipeline", "--segment", "gold")]
    [InlineData("pipeline", "--mode", "live")]
    [InlineData("pipeline", "--input", "missing.json")]
    [InlineData("pipeline", "--seed", "1.5")]
    [InlineData("score", "--input", "missing.csv")]
    [InlineData("score")]
    [InlineData("dedup-key")]
    [InlineData("batch-hash", "--input", "missing.json")]
    [InlineData("queue", "list", "--limit", "ten")]
    [InlineData("queue", "list", "--offset", "-3")]
    [InlineData("queue", "list", "--status", "lost")]
    [InlineData("queue", "show")]
    [InlineData("queue", "approve", "rq_x", "--body-file", "missing.txt")]
    [InlineData("queue", "reject", "rq_x", "--reason", "r", "--tag", "bad_tag")]
    [InlineData("batch", "create", "--motion", "inbound")]
    [InlineData("batch", "list", "--status", "done")]
    [InlineData("batch", "approve", "b", "--by", "sandbox:auto")]
    [InlineData("operator", "--motion", "outbound", "--wait-up-to", "forever")]
    [InlineData("emergency-stop", "maybe", "--by", "ops")]
    [InlineData("suppress", "add", "bounce", "a@acme.example", "--reason", "x")]
    [InlineData("suppress", "add", "address", "nobody", "--reason", "x")]
    [InlineData("status", "--progress-interval", "often")]
    [InlineData("status", "--now", "2026-13-45T99:00:00Z")]
    public async Task BadInput_OnEveryCommand_ExitsTwoInTheUsersTermsWithoutTypeNames(params string[] args)
    {
        System.IO.Directory.CreateDirectory(StateDir);
        var result = await RunAsync([.. args, "--state-dir", StateDir]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        foreach (var leak in new[] { "System.", "Caio.", "Microsoft.", "Exception", "(Parameter '", "Nullable`1", "   at " })
        {
            Assert.DoesNotContain(leak, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UserTerms_TypeNamesAndParameterSuffixes_AreRewritten()
    {
        Assert.Equal("--limit: 'x' is not a whole number.", CaioCli.UserTerms("Cannot parse argument 'x' for option '--limit' as expected type 'System.Nullable`1[[System.Int32, System.Private.CoreLib, Version=10.0.0.0]]'."));
        Assert.Equal("value must be set", CaioCli.UserTerms("value must be set (Parameter 'request')"));
        Assert.Equal("The JSON value could not be converted to a value of the expected kind.", CaioCli.UserTerms("The JSON value could not be converted to Caio.Leads.LeadSource."));
        Assert.Equal("--input: file 'samples/Caio.Worker/leads.json' does not exist.", CaioCli.UserTerms("--input: file 'samples/Caio.Worker/leads.json' does not exist."));
    }
}
