using Caio.Leads;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class SuppressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EvaluateAsync_Unsubscribed_DeniesSuppressedUnsubscribed()
    {
        var harness = new SafetyHarness();
        await harness.Suppression.RecordUnsubscribeAsync("email:jane@acme.com", "reply", Ct);
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(ReasonCodes.SuppressedUnsubscribed, result.Decision.Refusal?.Code);
        Assert.Equal("suppression", result.DecidedBy);
    }

    [Fact]
    public async Task EvaluateAsync_HardBounce_DeniesSuppressedHardBounce()
    {
        var harness = new SafetyHarness();
        await harness.Suppression.RecordHardBounceAsync("email:jane@acme.com", cancellationToken: Ct);
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(ReasonCodes.SuppressedHardBounce, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task EvaluateAsync_SoftBounces_SuppressedAtConfiguredStrikeAndNeverResets()
    {
        var harness = new SafetyHarness(o => o.Suppression.SoftBounceStrikes = 3);
        var sut = harness.Chain();
        await harness.Suppression.RecordSoftBounceAsync("email:jane@acme.com", cancellationToken: Ct);
        harness.Time.Advance(TimeSpan.FromDays(1));
        var entry = await harness.Suppression.RecordSoftBounceAsync("email:jane@acme.com", cancellationToken: Ct);
        Assert.Equal(2, entry.SoftBounces);
        Assert.True((await sut.EvaluateAsync(harness.Send(), Ct)).IsAllowed);

        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.Suppression.RecordSoftBounceAsync("email:jane@acme.com", cancellationToken: Ct);
        harness.Time.Advance(TimeSpan.FromDays(90));
        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(ReasonCodes.SuppressedSoftBounce, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task RecordSoftBounceEventAsync_SameEventTwice_CountedOnce_AnotherEventCounts()
    {
        var harness = new SafetyHarness(o => o.Suppression.SoftBounceStrikes = 2);
        var sut = harness.Chain();

        await harness.Suppression.RecordSoftBounceEventAsync("email:jane@acme.com", "instantly:evt_1", "instantly:email_bounced", Ct);
        var again = await harness.Suppression.RecordSoftBounceEventAsync("email:jane@acme.com", "instantly:evt_1", "instantly:email_bounced", Ct);

        Assert.Equal(1, again.SoftBounces);
        Assert.Equal(1, (await harness.Store.GetAsync("suppression:email:jane@acme.com", Ct))!.Version);
        Assert.True((await sut.EvaluateAsync(harness.Send(), Ct)).IsAllowed);

        var second = await harness.Suppression.RecordSoftBounceEventAsync("email:jane@acme.com", "instantly:evt_2", "instantly:email_bounced", Ct);

        Assert.Equal(2, second.SoftBounces);
        Assert.Equal(["instantly:evt_1", "instantly:evt_2"], second.SoftBounceEvents);
        Assert.Equal(ReasonCodes.SuppressedSoftBounce, (await sut.EvaluateAsync(harness.Send(), Ct)).Decision.Refusal?.Code);
    }

    [Fact]
    public async Task RecordSoftBounceEventAsync_ManyEvents_KeepsOnlyTheNewestIds()
    {
        var harness = new SafetyHarness(o => o.Suppression.SoftBounceStrikes = 100);
        SuppressionEntry? entry = null;
        for (var i = 0; i < SuppressionStore.SoftBounceEventsKept + 4; i++)
        {
            entry = await harness.Suppression.RecordSoftBounceEventAsync("email:jane@acme.com", $"instantly:evt_{i}", cancellationToken: Ct);
        }

        Assert.Equal(SuppressionStore.SoftBounceEventsKept + 4, entry!.SoftBounces);
        Assert.Equal(SuppressionStore.SoftBounceEventsKept, entry.SoftBounceEvents!.Count);
        Assert.Equal($"instantly:evt_{SuppressionStore.SoftBounceEventsKept + 3}", entry.SoftBounceEvents[^1]);
    }

    [Fact]
    public async Task ClearAsync_SuppressedRecipient_AllowsAgain()
    {
        var harness = new SafetyHarness();
        await harness.Suppression.RecordHardBounceAsync("email:jane@acme.com", cancellationToken: Ct);
        var sut = harness.Chain();

        Assert.True(await harness.Suppression.ClearAsync("email:jane@acme.com", Ct));

        Assert.True((await sut.EvaluateAsync(harness.Send(), Ct)).IsAllowed);
        Assert.Null(await harness.Suppression.GetReasonAsync("email:jane@acme.com", Ct));
    }

    [Theory]
    [InlineData("jane@acme.com", true)]
    [InlineData("jane@ACME.com", true)]
    [InlineData("jane@mail.eu.acme.com", true)]
    [InlineData("jane@notacme.com", false)]
    [InlineData("jane@acme.com.example.org", false)]
    public async Task EvaluateAsync_BlockedDomain_MatchesCaseInsensitiveWithSubdomains(string email, bool blocked)
    {
        var harness = new SafetyHarness(o => o.Suppression.BlockedDomains.Add("Acme.COM"));
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(email), Ct);

        Assert.Equal(blocked ? ReasonCodes.BlockedDomain : null, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task EvaluateAsync_LinkedInRecipientAtBlockedCompanyDomain_DeniesBlockedDomain()
    {
        var harness = new SafetyHarness(o => o.Suppression.BlockedDomains.Add("competitor.io"));
        var sut = harness.Chain();
        var context = harness.Send() with { RecipientKey = "linkedin:jane-doe", RecipientDomain = "Sales.Competitor.IO", Channel = Channel.LinkedIn };

        var result = await sut.EvaluateAsync(context, Ct);

        Assert.Equal(ReasonCodes.BlockedDomain, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task EvaluateAsync_BlockedEmail_DeniesBlockedEmail()
    {
        var harness = new SafetyHarness(o => o.Suppression.BlockedEmails.Add(" CEO@Customer.com "));
        var sut = harness.Chain();

        var blocked = await sut.EvaluateAsync(harness.Send("ceo@customer.com"), Ct);
        var other = await sut.EvaluateAsync(harness.Send("cto@customer.com"), Ct);

        Assert.Equal(ReasonCodes.BlockedEmail, blocked.Decision.Refusal?.Code);
        Assert.True(other.IsAllowed);
    }

    [Theory]
    [InlineData("info@acme.com", ReasonCodes.RoleAddress)]
    [InlineData("Sales@acme.com", ReasonCodes.RoleAddress)]
    [InlineData("noreply@acme.com", ReasonCodes.RoleAddress)]
    [InlineData("support+eu@acme.com", ReasonCodes.RoleAddress)]
    [InlineData("jane@mailinator.com", ReasonCodes.DisposableAddress)]
    [InlineData("jane@eu.yopmail.com", ReasonCodes.DisposableAddress)]
    [InlineData("informatics@acme.com", null)]
    public async Task EvaluateAsync_RoleOrDisposableAddress_Denied(string email, string? reason)
    {
        var harness = new SafetyHarness();
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(email), Ct);

        Assert.Equal(reason, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task EvaluateAsync_RoleAndDisposableChecksOff_Allowed()
    {
        var harness = new SafetyHarness(o =>
        {
            o.Suppression.BlockRoleAddresses = false;
            o.Suppression.BlockDisposableDomains = false;
        });
        var sut = harness.Chain();

        Assert.True((await sut.EvaluateAsync(harness.Send("info@acme.com"), Ct)).IsAllowed);
        Assert.True((await sut.EvaluateAsync(harness.Send("jane@mailinator.com"), Ct)).IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_ConfiguredExtraRoleAndDisposable_Denied()
    {
        var harness = new SafetyHarness(o =>
        {
            o.Suppression.RoleLocalParts.Add("partners");
            o.Suppression.DisposableDomains.Add("throwaway.test");
        });
        var sut = harness.Chain();

        Assert.Equal(ReasonCodes.RoleAddress, (await sut.EvaluateAsync(harness.Send("partners@acme.com"), Ct)).Decision.Refusal?.Code);
        Assert.Equal(ReasonCodes.DisposableAddress, (await sut.EvaluateAsync(harness.Send("jane@throwaway.test"), Ct)).Decision.Refusal?.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("email:jane")]
    [InlineData("email:@acme.com")]
    [InlineData("email:jane@")]
    [InlineData("linkedin:jane-doe")]
    public async Task EvaluateAsync_MalformedEmailRecipient_DeniesInvalidRecipient(string key)
    {
        var harness = new SafetyHarness();
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send() with { RecipientKey = key }, Ct);

        Assert.Equal(ReasonCodes.InvalidRecipient, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task RecordUnsubscribeAsync_RecipientKeyWithUnusualCharacters_StoredAndFound()
    {
        var harness = new SafetyHarness();
        var sut = harness.Suppression;

        await sut.RecordUnsubscribeAsync("email:jürgen@bäcker.de", cancellationToken: Ct);

        Assert.Equal(ReasonCodes.SuppressedUnsubscribed, await sut.GetReasonAsync("email:jürgen@bäcker.de", Ct));
        Assert.Null(await sut.GetReasonAsync("email:jurgen@backer.de", Ct));
    }
}
