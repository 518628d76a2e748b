using System.Diagnostics;

namespace Caio.Worker.Tests;

/// <summary>The worker process refuses a misspelt setting from its environment with exit code 2, naming the key and the closest known one.</summary>
public sealed class StrictConfigurationCommandTests : CliTestBase
{
    [Fact]
    public async Task Status_MisspeltSettingInEnvironment_ExitsTwoNamingTheClosestKey()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "caio-worker.dll"), "status", "--state-dir", StateDir },
            Environment = { ["Caio__Safety__Caps__Dialy"] = "50" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await output;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Caio:Safety:Caps:Dialy is not a known setting. Did you mean 'Daily' (Caio:Safety:Caps:Daily)?", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
