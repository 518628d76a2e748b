namespace Caio.Worker.Tests;

/// <summary><c>--motion</c> takes the motions' wire names; anything else is bad input naming the allowed values.</summary>
public sealed class MotionOptionTests : CliTestBase
{
    [Theory]
    [InlineData("batch", "create", "--motion", "Outbound")]
    [InlineData("batch", "create", "--motion", "all")]
    [InlineData("operator", "--motion", "bulk")]
    public async Task UnknownMotion_ExitsTwoListingTheAllowedValues(params string[] args)
    {
        System.IO.Directory.CreateDirectory(StateDir);

        var result = await RunAsync([.. args, "--state-dir", StateDir]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("outbound", result.Error, StringComparison.Ordinal);
        Assert.Contains("cadence", result.Error, StringComparison.Ordinal);
        Assert.Contains("revival", result.Error, StringComparison.Ordinal);
        if (args[0] == "operator")
        {
            Assert.Matches(@"Expected one of: [a-z, ]*\ball\b", result.Error);
        }

        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cadence")]
    [InlineData("all")]
    public async Task Operator_KnownMotion_ReportsItInJson(string motion)
    {
        System.IO.Directory.CreateDirectory(StateDir);

        var result = await RunAsync("operator", "--motion", motion, "--json", "--state-dir", StateDir);

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(motion, json.RootElement.GetProperty("motion").GetString());
    }
}
