using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Safety;

public sealed class SafetyOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var sut = new SafetyOptionsValidator();

        var result = sut.Validate(null, new SafetyOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_InvalidSettings_ErrorsNameEachSetting()
    {
        var options = new SafetyOptions();
        options.Caps.TimeZone = "Europe/Atlantis";
        options.Caps.Daily = -1;
        options.SendWindow.DefaultTimeZone = "Nowhere/Else";
        options.SendWindow.Start = new TimeOnly(18, 0);
        options.Ramp.AllowedTiers.Add("gold");
        options.Ramp.CleanDaysRequired = 30;
        options.Suppression.SoftBounceStrikes = 0;
        options.EmergencyStop.EnvironmentVariable = " ";
        var sut = new SafetyOptionsValidator();

        var result = sut.Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Caio:Safety:Caps:TimeZone: unknown time zone id 'Europe/Atlantis'", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:Caps:Daily", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:SendWindow:DefaultTimeZone", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:SendWindow:Start", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:Ramp:AllowedTiers: unknown tier 'gold'", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:Ramp:CleanDaysRequired", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:Suppression:SoftBounceStrikes", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:EmergencyStop:EnvironmentVariable", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BlockedEntriesThatAreNoDomainOrAddress_ErrorsNameTheSetting()
    {
        var options = new SafetyOptions();
        options.Suppression.BlockedDomains.Add("*.Bücher.example");
        options.Suppression.BlockedDomains.Add("not a domain");
        options.Suppression.DisposableDomains.Add("bad_domain!");
        options.Suppression.BlockedEmails.Add("email:Jane@Bücher.example");
        options.Suppression.BlockedEmails.Add("no-at-sign");
        var sut = new SafetyOptionsValidator();

        var result = sut.Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Caio:Safety:Suppression:BlockedDomains: 'not a domain'", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:Suppression:DisposableDomains: 'bad_domain!'", message, StringComparison.Ordinal);
        Assert.Contains("Caio:Safety:Suppression:BlockedEmails: 'no-at-sign'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Bücher", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsValidationException()
    {
        var options = new SafetyOptions();
        options.Caps.TimeZone = "Europe/Atlantis";
        var time = new FakeTimeProvider(TestClock.Start);

        var ex = Assert.Throws<OptionsValidationException>(() => new SendCaps(new InMemoryStateStore(time), Options.Create(options), time));

        Assert.Contains("Caio:Safety:Caps:TimeZone", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionName_IsCaioSafety()
    {
        Assert.Equal("Caio:Safety", SafetyOptions.SectionName);
    }

    [Fact]
    public async Task GetStatusAsync_AfterActivity_ReportsStopRampAndCaps()
    {
        var harness = new SafetyHarness(o =>
        {
            o.Ramp.Enabled = true;
            o.Ramp.CleanDaysRequired = 2;
            o.Caps.Daily = 40;
        });
        var chain = harness.Chain();
        await (await chain.EvaluateAsync(harness.Send(), Ct)).CommitAsync(Ct);
        await harness.Ramp.RecordSentAsync(1, Ct);
        await harness.Stop.SetAsync(true, "ops", "check", Ct);
        var sut = harness.Status;

        var status = await sut.GetStatusAsync(Ct);

        Assert.True(status.EmergencyStop.Stopped);
        Assert.Equal("ops", status.EmergencyStop.By);
        Assert.False(status.ShadowMode);
        Assert.Equal(0, status.Ramp.CleanDays);
        Assert.Equal(2, status.Ramp.CleanDaysRequired);
        Assert.Equal(["tier_1"], status.Ramp.AllowedTiers);
        Assert.Equal(1, status.Ramp.SentToday);
        var daily = status.Caps.Single(c => c.Channel == Caio.Leads.Channel.Email && c.Window == "daily");
        Assert.Equal(1, daily.Used);
        Assert.Equal(40, daily.Limit);
        Assert.Contains(status.Caps, c => c.Channel == Caio.Leads.Channel.LinkedIn && c.Window == "daily" && c.Used == 0);
    }
}
