using System.Text;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class EmergencyStopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("on")]
    [InlineData(" yes ")]
    [InlineData("stop-now")]
    public async Task IsStoppedAsync_EnvironmentEngagedOrUnrecognized_ReturnsTrue(string value)
    {
        var harness = new SafetyHarness();
        harness.Environment["EMERGENCY_STOP"] = value;
        var sut = harness.Stop;

        Assert.True(await sut.IsStoppedAsync(Ct));
        var status = await sut.GetStatusAsync(Ct);
        Assert.Equal(EmergencyStopSource.Environment, status.Source);
        Assert.Equal(ReasonCodes.EmergencyStop, status.ReasonCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("Off")]
    [InlineData("no")]
    public async Task IsStoppedAsync_EnvironmentFalsy_ReturnsFalse(string? value)
    {
        var harness = new SafetyHarness();
        harness.Environment["EMERGENCY_STOP"] = value;
        var sut = harness.Stop;

        Assert.False(await sut.IsStoppedAsync(Ct));
    }

    [Fact]
    public async Task IsStoppedAsync_ConfiguredVariableName_ReadsThatVariable()
    {
        var harness = new SafetyHarness(o => o.EmergencyStop.EnvironmentVariable = "CAIO_STOP");
        harness.Environment["EMERGENCY_STOP"] = "1";
        var sut = harness.Stop;
        Assert.False(await sut.IsStoppedAsync(Ct));

        harness.Environment["CAIO_STOP"] = "1";
        Assert.True(await sut.IsStoppedAsync(Ct));
    }

    [Fact]
    public async Task IsStoppedAsync_EngagedByConfiguration_ReturnsTrue()
    {
        var sut = new SafetyHarness(o => o.EmergencyStop.Engaged = true).Stop;

        var status = await sut.GetStatusAsync(Ct);

        Assert.True(status.Stopped);
        Assert.Equal(EmergencyStopSource.Configuration, status.Source);
    }

    [Fact]
    public async Task SetAsync_EngageThenRelease_SwitchesAndRecordsWhoAndWhy()
    {
        var harness = new SafetyHarness();
        var sut = harness.Stop;

        await sut.SetAsync(true, "ops@example.com", "bounce spike", Ct);
        var engaged = await sut.GetStatusAsync(Ct);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await sut.SetAsync(false, "lead@example.com", "resolved", Ct);
        var released = await sut.GetStatusAsync(Ct);

        Assert.True(engaged.Stopped);
        Assert.Equal(EmergencyStopSource.Runtime, engaged.Source);
        Assert.Equal("ops@example.com", engaged.By);
        Assert.Equal("bounce spike", engaged.Reason);
        Assert.Equal(SafetyHarness.Monday10Utc, engaged.At);
        Assert.False(released.Stopped);
        Assert.Equal("lead@example.com", released.By);
    }

    [Fact]
    public async Task SetAsync_RuntimeSwitch_StoredAsCamelCaseJson()
    {
        var harness = new SafetyHarness();

        await harness.Stop.SetAsync(true, "ops", "test", Ct);

        var entry = await harness.Store.GetAsync(EmergencyStop.StateKey, Ct);
        var json = Encoding.UTF8.GetString(entry!.Value.Span);
        Assert.Contains("\"engaged\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"by\":\"ops\"", json, StringComparison.Ordinal);
        Assert.Contains("\"at\":", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"test\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_StoreThrows_StoppedAsUnreadable()
    {
        var harness = new SafetyHarness();
        harness.Store.FailPrefix = "safety:";
        var sut = harness.Stop;

        var status = await sut.GetStatusAsync(Ct);

        Assert.True(status.Stopped);
        Assert.Equal(EmergencyStopSource.Unreadable, status.Source);
        Assert.Equal(ReasonCodes.EmergencyStopUnreadable, status.ReasonCode);
        Assert.True(await sut.IsStoppedAsync(Ct));
    }

    [Fact]
    public async Task GetStatusAsync_CorruptRecord_StoppedAsUnreadable()
    {
        var harness = new SafetyHarness();
        await harness.Store.PutAsync(EmergencyStop.StateKey, Encoding.UTF8.GetBytes("[1,2,3]"), cancellationToken: Ct);
        var sut = harness.Stop;

        var status = await sut.GetStatusAsync(Ct);

        Assert.True(status.Stopped);
        Assert.Equal(ReasonCodes.EmergencyStopUnreadable, status.ReasonCode);
    }

    [Fact]
    public async Task ProcessEnvironment_IsReadAtTheFirstCheckAndKept_ANewProcessSeesTheNewValue()
    {
        var variable = "CAIO_TEST_EMERGENCY_STOP_" + Guid.NewGuid().ToString("N");
        var harness = new SafetyHarness();
        harness.Options.EmergencyStop.EnvironmentVariable = variable;
        try
        {
            var running = new EmergencyStop(harness.Store, harness.OptionsWrapper, harness.Time);
            Assert.False(await running.IsStoppedAsync(Ct));

            Environment.SetEnvironmentVariable(variable, "1");

            // What started the process set its environment; a running worker keeps what it read.
            Assert.False(await running.IsStoppedAsync(Ct));
            var restarted = new EmergencyStop(harness.Store, harness.OptionsWrapper, harness.Time);
            Assert.Equal(EmergencyStopSource.Environment, (await restarted.GetStatusAsync(Ct)).Source);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task GetStatusAsync_EnvironmentReaderThrows_StoppedAsUnreadable()
    {
        var harness = new SafetyHarness();
        var sut = new EmergencyStop(harness.Store, harness.OptionsWrapper, harness.Time, _ => throw new System.Security.SecurityException("denied"));

        var status = await sut.GetStatusAsync(Ct);

        Assert.True(status.Stopped);
        Assert.Equal(ReasonCodes.EmergencyStopUnreadable, status.ReasonCode);
    }

    [Fact]
    public async Task EvaluateAsync_UnreadableStop_ChainDeniesUnreadable()
    {
        var harness = new SafetyHarness();
        harness.Store.FailPrefix = "safety:emergency-stop";
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.True(result.Decision.IsDenied);
        Assert.Equal(ReasonCodes.EmergencyStopUnreadable, result.Decision.Refusal?.Code);
        Assert.Equal("emergency_stop", result.DecidedBy);
    }

    [Fact]
    public async Task CheckEmergencyStopAsync_EngagedAfterEvaluation_DeniesBeforeProviderCall()
    {
        var harness = new SafetyHarness();
        var sut = harness.Chain();
        var result = await sut.EvaluateAsync(harness.Send(), Ct);
        Assert.True(result.IsAllowed);

        await harness.Stop.SetAsync(true, "ops", "pause", Ct);
        var recheck = await sut.CheckEmergencyStopAsync(Ct);

        Assert.True(recheck.IsDenied);
        Assert.Equal(ReasonCodes.EmergencyStop, recheck.Refusal?.Code);
        Assert.Contains("ops", recheck.Refusal?.Detail, StringComparison.Ordinal);
    }
}
