using Caio.Audit;
using Caio.Dispatch;
using Caio.Internal;
using Caio.Safety;
using Caio.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// What went wrong in a send or a safety check reaches the report, the ledger and the audit log in the
/// operator's words, never as a .NET type name; the exception itself goes to the log.
/// </summary>
public sealed class ErrorWordingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ProviderCallFails_MaybeSentSaysWhatHappened_NoTypeNameInReportLedgerOrAudit()
    {
        using var harness = DispatchHarness.InMemory();
        harness.Email.Faults = _ => ChannelFault.ServerErrorBeforeSend;
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var action = Assert.Single(report.Batches[0].Actions);
        Assert.Equal(ActionOutcomes.MaybeSent, action.Outcome);
        Assert.Equal("Injected fault: 503 Service Unavailable; awaiting reconciliation", action.Detail);
        var entry = (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value.Entry;
        Assert.Equal("Injected fault: 503 Service Unavailable", entry.Detail);
        var audit = Assert.Single(await harness.ReadAuditAsync(), r => r.Action == AuditActions.SendMaybeSent);
        Assert.Equal("Injected fault: 503 Service Unavailable", audit.Detail);
    }

    [Fact]
    public async Task RunAsync_ProviderDoesNotAnswerWithinTheSendTimeout_MaybeSentSaysTheLimit()
    {
        using var harness = DispatchHarness.InMemory(operatorOptions: o => o.SendTimeout = TimeSpan.FromMilliseconds(200));
        harness.Email.OnCallStarted = (_, token) => new ValueTask(Task.Delay(Timeout.Infinite, token));
        await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var action = Assert.Single(report.Batches[0].Actions);
        Assert.Equal(ActionOutcomes.MaybeSent, action.Outcome);
        Assert.Equal("no answer within 200 ms; awaiting reconciliation", action.Detail);
    }

    [Fact]
    public async Task EvaluateAsync_HostGuardThrows_SafetyCheckFailedNamesTheGuardAndTheMessage()
    {
        var harness = new Safety.SafetyHarness();
        var sut = harness.Chain(b => b.AddGuard(GuardExtensionPoint.BeforeSend, new ThrowingGuard()));

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(ReasonCodes.SafetyCheckFailed, result.Decision.Refusal?.Code);
        Assert.Equal("crm_owner failed: the CRM did not say who owns the account", result.Decision.Refusal?.Detail);
    }

    [Theory]
    [InlineData("disk full.", "disk full")]
    [InlineData("  spaced  ", "spaced")]
    public void Describe_Message_IsTheMessageAsOneClause(string message, string expected) =>
        Assert.Equal(expected, ErrorText.Describe(new InvalidOperationException(message)));

    [Fact]
    public void Describe_KnownKinds_SaidInWords()
    {
        Assert.Equal("no answer within 30 s", ErrorText.Describe(new TaskCanceledException(), TimeSpan.FromSeconds(30)));
        Assert.Equal("no answer within 2 min", ErrorText.Describe(new OperationCanceledException(), TimeSpan.FromMinutes(2)));
        Assert.Equal("cancelled before it finished", ErrorText.Describe(new OperationCanceledException()));
        Assert.Equal("timed out: the lock was busy", ErrorText.Describe(new TimeoutException("The lock was busy.".ToLowerInvariant())));
        Assert.Equal("the id is empty (id)", ErrorText.Describe(new ArgumentException("the id is empty", "id")));
        Assert.Equal("Value cannot be null (recipientKey)", ErrorText.Describe(new ArgumentNullException("recipientKey")));
        Assert.Equal("timed out", ErrorText.Describe(new TimeoutException()));
        Assert.Equal("timed out", ErrorText.Describe(new TaskCanceledException("A task was canceled.", new TimeoutException())));
        Assert.Equal("One or more errors occurred", ErrorText.Describe(new AggregateException()));
        Assert.Equal("an unexpected error without a message", ErrorText.Describe(new InvalidOperationException("  ")));
        Assert.Equal("step must be positive. Actual value was -5", ErrorText.Describe(new InvalidOperationException("step must be positive.\nActual value was -5.")));
        Assert.Equal("first; second", ErrorText.Describe(new AggregateException(new InvalidOperationException("first"), new IOException("second."))));
    }

    [Fact]
    public void Describe_Duration_IsTheSameInEveryCulture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            Assert.Equal("no answer within 2.5 s", ErrorText.Describe(new OperationCanceledException(), TimeSpan.FromSeconds(2.5)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    private sealed class ThrowingGuard : ISendGuard
    {
        public string Name => "crm_owner";

        public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the CRM did not say who owns the account.");
    }
}
