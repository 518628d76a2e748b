namespace Caio.Worker.Tests;

public sealed class ProgressReporterTests
{
    [Fact]
    public async Task OffATerminal_AStageThatReportsNothing_StillGetsALineEveryInterval()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var cli = new CliContext(stdout, stderr) { ProgressInterval = TimeSpan.FromMilliseconds(50) };

        using (var progress = ProgressReporter.Create(cli, "pipeline")!)
        {
            progress.Report(() => "sourced 1,000/1,000, completed 675, failed 0");
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (Lines(cli, stderr).Count(l => l.Contains("still running", StringComparison.Ordinal)) < 2 && started.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        var beats = Lines(cli, stderr).Where(l => l.Contains("still running", StringComparison.Ordinal)).ToList();
        Assert.True(beats.Count >= 2, stderr.ToString());
        Assert.All(beats, l => Assert.Matches(@"^progress: sourced 1,000/1,000, completed 675, failed 0 \(\d+ s, still running\)$", l));
        Assert.Empty(stdout.ToString());
    }

    [Fact]
    public void OnATerminal_TheLiveLineEndsOnTheFinalCountNotOnTheLastSnapshot()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var cli = new CliContext(stdout, stderr) { IsInteractive = true };

        using (var progress = ProgressReporter.Create(cli, "pipeline")!)
        {
            progress.Report(() => "sourced 300/300, completed 0, failed 0");
            progress.Complete(() => "sourced 300, completed 5 (send), failed 0");
        }

        Assert.EndsWith("\r  sourced 300, completed 5 (send), failed 0   " + Environment.NewLine, stderr.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The lines written so far; the context's synchronized writer is locked so no timer writes meanwhile.</summary>
    private static string[] Lines(CliContext cli, StringWriter writer)
    {
        lock (cli.Error)
        {
            return writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
