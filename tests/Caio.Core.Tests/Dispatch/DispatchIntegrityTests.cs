using Caio.Batches;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>What the operator sends is exactly what was frozen and approved, and nothing else.</summary>
public sealed class DispatchIntegrityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("recipient")]
    [InlineData("step")]
    public async Task RunAsync_ItemChangedAfterBatchApproved_RefusedHashMismatchAndNothingSent(string change)
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();
        await harness.Queue.TransitionAsync(
            ana.Id,
            item => change == "recipient" ? item with { RecipientEmail = "eve@evil.io", RecipientKey = "email:eve@evil.io" } : item with { Step = 2 },
            Ct);

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var action = Assert.Single(Assert.Single(report.Batches).Actions);
        Assert.Equal((ActionOutcomes.Refused, "batch_hash_mismatch"), (action.Outcome, action.Reason));
        Assert.Equal(0, harness.Email.CallsStarted);
        Assert.Empty(harness.Recorder.ReadAll());
        Assert.Null(await harness.Ledger.GetAsync("email:eve@evil.io", 1, Ct));
    }

    [Fact]
    public async Task RunAsync_ApprovedTextChangedAfterClaim_RefusedHashMismatchAtSendTime()
    {
        using var harness = DispatchHarness.InMemory(operatorOptions: o => o.MaxInFlight = 1);
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        var batch = await harness.ApprovedBatchAsync();
        var first = string.CompareOrdinal(ana.Id, ben.Id) < 0 ? ana : ben;
        var second = first == ana ? ben : ana;
        harness.Email.OnCallStarted = async (request, _) =>
        {
            if (request.ItemId == first.Id)
            {
                // The claim verified every digest already; the second item's text changes afterwards.
                await harness.Queue.TransitionAsync(second.Id, item => item with { ApprovedBody = "Send me your password." }, CancellationToken.None);
            }
        };

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var outcomes = Assert.Single(report.Batches).Actions.ToDictionary(a => a.ItemId, StringComparer.Ordinal);
        Assert.Equal(ActionOutcomes.Sent, outcomes[first.Id].Outcome);
        Assert.Equal((ActionOutcomes.Refused, "batch_hash_mismatch"), (outcomes[second.Id].Outcome, outcomes[second.Id].Reason));
        Assert.DoesNotContain(harness.Email.Calls, c => c.ItemId == second.Id);
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(second.Id));
    }

    [Fact]
    public async Task RunAsync_SendsTheFrozenRecipientStepAndApprovedText()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("Ana@Alpha.io");
        var batch = await harness.ApprovedBatchAsync();

        await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var call = Assert.Single(harness.Email.Calls);
        var action = Assert.Single(batch.Scope.Actions);
        Assert.Equal((action.Email, ana.RecipientKey, action.Step), (call.Email, call.RecipientKey, call.Step));
        Assert.Equal((ana.ApprovedSubject, ana.ApprovedBody), (call.Subject, call.Body));
    }

    [Theory]
    [InlineData("Hello", "   ")]
    [InlineData("", "Hi Ana, a short note.")]
    public async Task RunAsync_ApprovedContentEmpty_RefusedEmptyContentWithoutProviderCall(string subject, string body)
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.EnqueueAsync("ana@alpha.io");

        // Written past ApproveAsync (which refuses empty content), e.g. by an older version or another tool.
        await harness.Queue.TransitionAsync(
            ana.Id,
            item => item with { Status = ReviewStatus.Approved, ApprovedSubject = subject, ApprovedBody = body, ContentDigest = ContentDigest.Compute(item.Channel, subject, body) },
            Ct);
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var action = Assert.Single(Assert.Single(report.Batches).Actions);
        Assert.Equal((ActionOutcomes.Refused, "empty_content"), (action.Outcome, action.Reason));
        Assert.Equal(0, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task RunAsync_LiveWithoutAnySelectedChannel_RefusedBeforeClaimingAndNothingChanges()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id) with { Channels = ["instantly"] }, Ct);

        var run = Assert.Single(report.Batches);
        Assert.False(run.Executed);
        Assert.Equal("no_channel", run.Refusal);
        Assert.Empty(run.Actions);
        Assert.Equal(BatchStatus.Approved, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(ana.Id));
        Assert.DoesNotContain(await harness.ReadAuditAsync(), r => r.BatchId == batch.Id && r.Action != Caio.Audit.AuditActions.BatchCreated && r.Action != Caio.Audit.AuditActions.BatchApproved);
    }

    [Theory]
    [InlineData("competitor.io")]
    [InlineData("eu.competitor.io")]
    public async Task RunAsync_CompanyDomainBlockedButAddressElsewhere_RefusedBlockedDomain(string companyDomain)
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Suppression.BlockedDomains.Add("Competitor.io"));
        var jane = await harness.EnqueueAsync("jane@gmail.com");
        await harness.Queue.TransitionAsync(jane.Id, item => item with { CompanyDomain = companyDomain }, Ct);
        Assert.True((await harness.Queue.ApproveAsync(jane.Id, new ApproveRequest(), "reviewer", Ct)).Succeeded);
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var action = Assert.Single(Assert.Single(report.Batches).Actions);
        Assert.Equal((ActionOutcomes.Refused, ReasonCodes.BlockedDomain), (action.Outcome, action.Reason));
        Assert.Equal(0, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task RunAsync_UnicodeBlockedDomain_MatchesPunycodeRecipientAndCompanyDomain()
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Suppression.BlockedDomains.Add("Bücher.example"));
        var jane = await harness.ApprovedItemAsync("jane@bücher.example");
        var max = await harness.EnqueueAsync("max@gmail.com");
        await harness.Queue.TransitionAsync(max.Id, item => item with { CompanyDomain = "shop.BÜCHER.example" }, Ct);
        Assert.True((await harness.Queue.ApproveAsync(max.Id, new ApproveRequest(), "reviewer", Ct)).Succeeded);
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        Assert.StartsWith("email:jane@xn--", jane.RecipientKey, StringComparison.Ordinal);
        Assert.All(Assert.Single(report.Batches).Actions, a => Assert.Equal(ReasonCodes.BlockedDomain, a.Reason));
        Assert.Equal(0, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task RunAsync_SuppressionAddedInAnotherSpelling_MatchesCanonicalRecipient()
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Suppression.BlockedEmails.Add("Max.Muster+news@GoogleMail.com"));
        await harness.Suppression.RecordUnsubscribeAsync("email:Jane@Bücher.example", "reply", Ct);
        await harness.ApprovedItemAsync("jane@bücher.example");
        await harness.ApprovedItemAsync("maxmuster@gmail.com");
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var reasons = Assert.Single(report.Batches).Actions.Select(a => a.Reason?.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal([ReasonCodes.BlockedEmail, ReasonCodes.SuppressedUnsubscribed], reasons);
        Assert.Equal(0, harness.Email.CallsStarted);
    }

    [Theory]
    [InlineData(ChannelFault.ServerErrorBeforeSend)]
    [InlineData(ChannelFault.Reject)]
    public async Task RunAsync_NewDraftAfterAttemptSettledNotSent_IsSent(ChannelFault fault)
    {
        using var harness = DispatchHarness.InMemory();
        harness.Email.Faults = _ => fault;
        var first = await harness.ApprovedItemAsync("ana@alpha.io");
        await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);
        harness.Email.Faults = null;
        await harness.Operator.ReconcileAsync(Ct);
        Assert.Equal(ReviewStatus.SendFailed, await harness.StatusOfAsync(first.Id));

        // A human queues and approves a new draft once the failure is known.
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var redraft = await harness.ApprovedItemAsync("ana@alpha.io", subject: "Hello again");
        var report = await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);

        var action = Assert.Single(Assert.Single(report.Batches).Actions);
        Assert.Equal(ActionOutcomes.Sent, action.Outcome);
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(redraft.Id));
        var (entry, _) = (await harness.Ledger.GetAsync(first.RecipientKey, 1, Ct))!.Value;
        Assert.Equal((LedgerState.Sent, redraft.Id), (entry.State, entry.ItemId));
        Assert.Single(harness.Recorder.ReadAll());
        Assert.Single((await harness.History.GetAsync(first.RecipientKey, Ct))!.Sends);
        Assert.Equal(2, entry.Attempt);
        Assert.NotEqual(SendLedger.IdempotencyKeyFor(first.RecipientKey, 1), entry.IdempotencyKey);

        // Sent blocks every later draft for that (recipient, step).
        var third = await harness.ApprovedItemAsync("ana@alpha.io", subject: "Third try");
        await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);
        Assert.Equal(ReviewStatus.Blocked, await harness.StatusOfAsync(third.Id));
        Assert.Single(harness.Recorder.ReadAll());
    }

    [Fact]
    public async Task RunAsync_NewDraftWhileTheEarlierAttemptIsMaybeSent_IsRefusedAndNothingIsSent()
    {
        using var harness = DispatchHarness.InMemory();
        harness.Email.Faults = _ => ChannelFault.ServerErrorBeforeSend;
        var first = await harness.ApprovedItemAsync("ana@alpha.io");
        await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);
        harness.Email.Faults = null;
        Assert.Equal(ReviewStatus.MaybeSent, await harness.StatusOfAsync(first.Id));

        // Not reconciled yet: the provider may have the first message, so a new draft must wait.
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var redraft = await harness.ApprovedItemAsync("ana@alpha.io", subject: "Hello again");
        var report = await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);

        var action = Assert.Single(Assert.Single(report.Batches).Actions);
        Assert.Equal(ActionOutcomes.Refused, action.Outcome);
        Assert.Equal(ReasonCodes.AlreadySent, action.Reason);
        Assert.Equal(1, harness.Email.CallsStarted);
        Assert.Empty(harness.Recorder.ReadAll());
        var (entry, _) = (await harness.Ledger.GetAsync(first.RecipientKey, 1, Ct))!.Value;
        Assert.Equal((LedgerState.MaybeSent, first.Id), (entry.State, entry.ItemId));
    }

    [Fact]
    public async Task RunAsync_DraftApprovedBeforeTheEarlierAttemptFailed_StaysRefusedAlreadySent()
    {
        using var harness = DispatchHarness.InMemory();
        harness.Email.Faults = _ => harness.Email.CallsStarted == 1 ? ChannelFault.Reject : ChannelFault.None;
        var original = await harness.ApprovedItemAsync("ana@alpha.io");
        var duplicate = await harness.ApprovedItemAsync("ana@alpha.io", subject: "Same person, other words");
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        if (again.Succeeded)
        {
            await harness.Batches.ApproveAsync(again.Batch!.Id, DispatchHarness.Approver, Ct);
            await harness.Operator.RunAsync(DispatchHarness.Live(again.Batch.Id), Ct);
        }

        Assert.Equal(1, harness.Email.CallsStarted);
        Assert.Empty(harness.Recorder.ReadAll());
        var statuses = new[] { await harness.StatusOfAsync(original.Id), await harness.StatusOfAsync(duplicate.Id) };
        Assert.Equal([ReviewStatus.SendFailed, ReviewStatus.Blocked], statuses.Order());
    }

    [Fact]
    public async Task ReconcileAsync_StaleReservationWhoseExecutorHoldsTheLease_LeftAlone()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();
        var reservation = await harness.Ledger.ReserveAsync(
            new LedgerEntry { RecipientKey = ana.RecipientKey, Step = 1, State = LedgerState.Reserved, IdempotencyKey = SendLedger.IdempotencyKeyFor(ana.RecipientKey, 1), Channel = "fault-email", ItemId = ana.Id, BatchId = batch.Id, Executor = "paused" },
            Ct);
        Assert.True(reservation.Acquired);
        var lease = await harness.Store.TryAcquireLeaseAsync("batch-exec:" + batch.Id, TimeSpan.FromHours(1), Ct);
        Assert.NotNull(lease);
        harness.Time.Advance(TimeSpan.FromMinutes(30));

        var whileHeld = await harness.Operator.ReconcileAsync(Ct);

        Assert.Equal(0, whileHeld.NotSent);
        Assert.Equal(LedgerState.Reserved, (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value.Entry.State);
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(ana.Id));

        await harness.Store.ReleaseLeaseAsync(lease, Ct);
        var afterRelease = await harness.Operator.ReconcileAsync(Ct);

        Assert.Equal(1, afterRelease.NotSent);
        Assert.Equal(LedgerState.NotSent, (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value.Entry.State);
    }

    [Fact]
    public async Task RunAsync_LedgerEntrySettledElsewhereDuringProviderCall_SentOutcomeStillRecorded()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();
        harness.Email.OnCallStarted = async (request, _) =>
        {
            // Someone settles the reservation as not sent while the provider call is in flight.
            var (entry, version) = (await harness.Ledger.GetAsync(request.RecipientKey, request.Step, CancellationToken.None))!.Value;
            Assert.NotNull(await harness.Ledger.TransitionAsync(entry, version, LedgerState.NotSent, null, "settled elsewhere", CancellationToken.None));
        };

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        Assert.Equal(ActionOutcomes.Sent, Assert.Single(Assert.Single(report.Batches).Actions).Outcome);
        Assert.Equal(LedgerState.Sent, (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value.Entry.State);
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
    }
}
