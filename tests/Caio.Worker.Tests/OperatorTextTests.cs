namespace Caio.Worker.Tests;

/// <summary>What an operator reads after a live run: times as people read them, and an engaged emergency stop said first.</summary>
public sealed class OperatorTextTests : CliTestBase
{
    // 07:00 in New York, where every generated lead is: the send window opens at 09:00 (14:00 UTC).
    private const string Now = "2026-11-23T12:00:00Z";

    private Task<CliResult> Cli(params string[] args) => RunAsync([.. args, "--state-dir", StateDir, "--now", Now]);

    [Fact]
    public async Task LiveRun_BatchWaitingForItsDeferredActions_SaysWhenInReadableTimeAndThatTheStopIsEngaged()
    {
        await ProductionBatchOfThreeAsync(Cli);
        var first = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox");
        Assert.Contains("outside_send_window until Mon 09:00 America/New_York, in 2 h", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli("emergency-stop", "on", "--by", "ops", "--reason", "drill")).ExitCode);

        var second = await Cli("operator", "--motion", "outbound", "--live", "--channels", "sandbox");

        Assert.Contains("  EMERGENCY STOP ENGAGED by ops: drill — nothing is sent until it is released (emergency-stop off)", second.Out, StringComparison.Ordinal);
        Assert.Contains("3 deferred actions wait in this batch; the next can go at Mon 14:00 UTC, in 2 h", second.Out, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", second.Out);
    }

    [Fact]
    public void Readable_EveryIsoInstantInAText_IsSaidAsPeopleReadIt() =>
        Assert.Equal(
            "it can go at Mon 14:00 UTC, in 2 h; or Tue 2026-12-01 00:00 UTC, in 7 days",
            Commands.OperatorCommand.Readable("it can go at 2026-11-23T09:00:00.0000000-05:00; or 2026-12-01T00:00:00Z", DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture), "UTC"));
}
