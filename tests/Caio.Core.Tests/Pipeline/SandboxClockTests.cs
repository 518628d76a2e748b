using Caio.Dispatch;
using Caio.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Core.Tests.Pipeline;

public sealed class SandboxClockTests
{
    private static readonly DateTimeOffset MondayMidnight = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_SandboxWithSandboxClock_SendsADayOfRampSpacedByTheMinimumGap()
    {
        var clock = new SandboxClock(MondayMidnight);
        await using var provider = Build(clock);
        var sut = provider.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(new PipelineRequest { Mode = PipelineMode.Sandbox, Limit = 300 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunReportStatus.Completed, report.Status);
        Assert.Equal(5, report.Stages[^1].Out);
        var sends = provider.GetRequiredService<SandboxSendRecorder>().ReadAll().Select(s => s.At).Order().ToList();
        Assert.Equal(5, sends.Count);
        Assert.All(sends.Zip(sends.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(45)));
        Assert.All(sends, at => Assert.True(at >= clock.Start && at < clock.End));
        Assert.True(clock.GetUtcNow() > clock.Start && clock.GetUtcNow() < clock.End);
        Assert.True(report.Filtered.ContainsKey("ramp_daily_limit"));
    }

    [Fact]
    public void ForNextBusinessDay_Friday_IsMondayMidnightUtc()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 22, 30, 0, TimeSpan.FromHours(-5));

        var sut = SandboxClock.ForNextBusinessDay(friday);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), sut.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), sut.End);
        Assert.Equal(sut.Start, sut.GetUtcNow());
    }

    [Fact]
    public void AdvanceTo_NeverGoesBackwards()
    {
        var sut = new SandboxClock(MondayMidnight);

        Assert.True(sut.AdvanceTo(MondayMidnight.AddHours(9)));
        Assert.False(sut.AdvanceTo(MondayMidnight.AddHours(1)));

        Assert.Equal(MondayMidnight.AddHours(9), sut.GetUtcNow());
    }

    private static ServiceProvider Build(SandboxClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.AddCaio(_ => { }).UseInMemoryState();
        services.AddSingleton<Caio.Safety.IEmergencyStop>(sp => new Caio.Safety.EmergencyStop(
            sp.GetRequiredService<Caio.State.IStateStore>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Caio.Safety.SafetyOptions>>(), clock, _ => null));
        return services.BuildServiceProvider();
    }
}
