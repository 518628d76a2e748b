using Caio.Leads;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class ContactHistoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EvaluateAsync_StepAlreadySentOnOtherChannel_DeniesAlreadySent()
    {
        var harness = new SafetyHarness();
        await harness.History.RecordSendAsync("email:jane@acme.com", 1, Channel.Email, "instantly", Ct);
        var sut = harness.Chain();

        var sameStep = await sut.EvaluateAsync(harness.Send(step: 1, channel: Channel.LinkedIn), Ct);
        var nextStep = await sut.EvaluateAsync(harness.Send(step: 2), Ct);

        Assert.Equal(ReasonCodes.AlreadySent, sameStep.Decision.Refusal?.Code);
        Assert.Contains("instantly", sameStep.Decision.Refusal?.Detail, StringComparison.Ordinal);
        Assert.Equal("history", sameStep.DecidedBy);
        Assert.True(nextStep.IsAllowed);
    }

    [Theory]
    [InlineData(TerminalStatus.Bounced)]
    [InlineData(TerminalStatus.Unsubscribed)]
    [InlineData(TerminalStatus.Rejected)]
    [InlineData(TerminalStatus.Disqualified)]
    [InlineData(TerminalStatus.SentElsewhere)]
    public async Task EvaluateAsync_TerminalRecipient_DeniesTerminalStatus(TerminalStatus status)
    {
        var harness = new SafetyHarness();
        await harness.History.MarkTerminalAsync("email:jane@acme.com", status, cancellationToken: Ct);
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(step: 3), Ct);

        Assert.Equal(ReasonCodes.TerminalStatus, result.Decision.Refusal?.Code);
        Assert.Contains(status.ToWireName(), result.Decision.Refusal?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkTerminalAsync_Twice_KeepsFirstStatus()
    {
        var harness = new SafetyHarness();
        var sut = harness.History;

        await sut.MarkTerminalAsync("email:jane@acme.com", TerminalStatus.Bounced, "550", Ct);
        harness.Time.Advance(TimeSpan.FromHours(1));
        var record = await sut.MarkTerminalAsync("email:jane@acme.com", TerminalStatus.Rejected, cancellationToken: Ct);

        Assert.Equal(TerminalStatus.Bounced, record.Terminal);
        Assert.Equal("550", record.TerminalReason);
        Assert.Equal(SafetyHarness.Monday10Utc, record.TerminalAt);
    }

    [Fact]
    public async Task RecordSendAsync_SameStepAndChannelTwice_RecordedOnce()
    {
        var harness = new SafetyHarness();
        var sut = harness.History;

        await sut.RecordSendAsync("email:jane@acme.com", 1, Channel.Email, "instantly", Ct);
        await sut.RecordSendAsync("email:jane@acme.com", 1, Channel.Email, "instantly", Ct);
        var record = await sut.RecordSendAsync("email:jane@acme.com", 2, Channel.LinkedIn, "heyreach", Ct);

        Assert.Equal([1, 2], record.Sends.Select(s => s.Step));
        Assert.Equal(record, await sut.GetAsync("email:jane@acme.com", Ct), ContactRecordComparer.Instance);
    }

    [Fact]
    public async Task RecordSendAsync_ConcurrentSteps_NoneLost()
    {
        var harness = new SafetyHarness();
        var sut = harness.History;

        await Task.WhenAll(Enumerable.Range(1, 8).Select(step => Task.Run(async () => await sut.RecordSendAsync("email:jane@acme.com", step, Channel.Email, "instantly", Ct), Ct)));

        var record = await sut.GetAsync("email:jane@acme.com", Ct);
        Assert.Equal(Enumerable.Range(1, 8), record!.Sends.Select(s => s.Step).Order());
    }

    [Fact]
    public async Task CheckAsync_ManyRecipientsOnRecord_TouchesOneKeyPerCheckAndRecord()
    {
        var harness = new SafetyHarness();
        var sut = harness.History;
        for (var i = 0; i < 500; i++)
        {
            await sut.RecordSendAsync($"email:lead{i}@acme.com", 1, Channel.Email, "instantly", Ct);
        }

        var before = harness.Store.Calls;
        var decision = await sut.CheckAsync("email:lead250@acme.com", 1, Ct);
        var afterCheck = harness.Store.Calls;
        await sut.RecordSendAsync("email:new@acme.com", 1, Channel.Email, "instantly", Ct);
        var afterRecord = harness.Store.Calls;

        Assert.Equal(ReasonCodes.AlreadySent, decision.Refusal?.Code);
        Assert.Equal(1, afterCheck - before);
        Assert.Equal(2, afterRecord - afterCheck);
    }

    private sealed class ContactRecordComparer : IEqualityComparer<ContactRecord?>
    {
        public static readonly ContactRecordComparer Instance = new();

        public bool Equals(ContactRecord? x, ContactRecord? y) =>
            x is not null && y is not null && x.Terminal == y.Terminal && x.Sends.SequenceEqual(y.Sends);

        public int GetHashCode(ContactRecord? obj) => 0;
    }
}
