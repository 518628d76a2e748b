namespace Caio.Worker.Tests;

/// <summary>The worker process refuses a misspelt setting from its environment with exit code 2, naming the key and the closest known one.</summary>
public sealed class StrictConfigurationCommandTests : CliTestBase
{
    [Fact]
    public async Task Status_MisspeltSettingInEnvironment_ExitsTwoNamingTheClosestKey()
    {
        var result = await RunProcessAsync(["status", "--state-dir", StateDir], new() { ["Caio__Safety__Caps__Dialy"] = "50" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Caio:Safety:Caps:Dialy is not a known setting. Did you mean 'Daily' (Caio:Safety:Caps:Daily)?", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
