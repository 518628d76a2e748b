using Caio.Audit;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Engagement;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Caio.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

public sealed class DispatchOperatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_DryRun_ReportsWouldSendAndRefusalReasonsAndSendsNothing()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        var cleo = await harness.ApprovedItemAsync("cleo@gamma.io");
        await harness.Suppression.RecordUnsubscribeAsync(ben.RecipientKey, "webhook", Ct);
        await harness.Suppression.RecordHardBounceAsync(cleo.RecipientKey, "webhook", Ct);
        var batch = await harness.ApprovedBatchAsync();
        var sut = harness.Operator;

        var report = await sut.RunAsync(DispatchHarness.DryRun(batch.Id), Ct);

        Assert.False(report.Live);
        var run = Assert.Single(report.Batches);
        Assert.False(run.Executed);
        Assert.Null(run.Refusal);
        var outcomes = run.Actions.ToDictionary(a => a.ItemId, StringComparer.Ordinal);
        Assert.Equal(ActionOutcomes.WouldSend, outcomes[ana.Id].Outcome);
        Assert.Equal((ActionOutcomes.Refused, ReasonCodes.SuppressedUnsubscribed), (outcomes[ben.Id].Outcome, outcomes[ben.Id].Reason));
        Assert.Contains("suppression: suppressed_unsubscribed", outcomes[ben.Id].Findings!);
        Assert.Equal((ActionOutcomes.Refused, ReasonCodes.SuppressedHardBounce), (outcomes[cleo.Id].Outcome, outcomes[cleo.Id].Reason));
        var email = Assert.Single(run.Channels);
        Assert.Equal(new ChannelResult("email", 1, 0, 0, 2, 0), email);
        Assert.Equal(0, harness.Email.CallsStarted);
        Assert.Empty(harness.Recorder.ReadAll());
        foreach (var item in new[] { ana, ben, cleo })
        {
            Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(item.Id));
        }

        Assert.Equal(BatchStatus.Approved, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
        Assert.Null(await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct));
    }

    [Fact]
    public async Task RunAsync_DryRunOfPendingBatch_PreviewsActionsAndReportsNotApproved()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = (await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;

        var report = await harness.Operator.RunAsync(DispatchHarness.DryRun(batch.Id), Ct);

        var run = Assert.Single(report.Batches);
        Assert.Equal(BatchRefusals.NotApproved, run.Refusal);
        Assert.Equal(ActionOutcomes.WouldSend, Assert.Single(run.Actions, a => a.ItemId == ana.Id).Outcome);
        Assert.Equal(0, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task RunAsync_Live_SendsAndRecordsItemsLedgerHistoryAndAudit()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        var batch = await harness.ApprovedBatchAsync();
        var sut = harness.Operator;

        var report = await sut.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var run = Assert.Single(report.Batches);
        Assert.True(run.Executed);
        Assert.False(run.Partial);
        Assert.Equal(new ChannelResult("email", 2, 0, 0, 0, 0), Assert.Single(run.Channels));
        var audit = await harness.ReadAuditAsync();
        foreach (var item in new[] { ana, ben })
        {
            var messageId = SandboxChannel.MessageIdFor(SendLedger.IdempotencyKeyFor(item.RecipientKey, 1));
            Assert.Equal(messageId, Assert.Single(run.Actions, a => a.ItemId == item.Id).MessageId);
            Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(item.Id));
            var (entry, _) = (await harness.Ledger.GetAsync(item.RecipientKey, 1, Ct))!.Value;
            Assert.Equal((LedgerState.Sent, item.Id, batch.Id, "fault-email", messageId), (entry.State, entry.ItemId, entry.BatchId, entry.Channel, entry.MessageId));
            var contact = (await harness.History.GetAsync(item.RecipientKey, Ct))!;
            Assert.Equal(new ContactSend(1, Channel.Email, "fault-email", DispatchHarness.Monday10Utc), Assert.Single(contact.Sends));
            Assert.Single(audit, r => r.Action == AuditActions.SendSent && r.ItemId == item.Id && r.MessageId == messageId && r.BatchId == batch.Id);
        }

        Assert.Equal(
            new[] { (ana.RecipientKey, 1), (ben.RecipientKey, 1) }.Order(),
            harness.Recorder.ReadAll().Select(s => (s.RecipientKey, s.Step)).Order());
        var stored = (await harness.Batches.GetAsync(batch.Id, Ct))!;
        Assert.Equal(BatchStatus.Executed, stored.Status);
        Assert.Equal(run.Channels, stored.Results);
        Assert.Single(audit, r => r.Action == AuditActions.BatchExecuted && r.BatchId == batch.Id);
    }

    [Fact]
    public async Task RunAsync_SameBatchAgain_RefusedAlreadyExecutedAndNothingResent()
    {
        using var harness = DispatchHarness.InMemory();
        await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();
        await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        var sut = harness.NewOperator();

        var again = await sut.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        var all = await sut.RunAsync(DispatchHarness.Live(), Ct);

        var run = Assert.Single(again.Batches);
        Assert.False(run.Executed);
        Assert.Equal(BatchRefusals.AlreadyExecuted, run.Refusal);
        Assert.Empty(all.Batches);
        Assert.NotNull(all.Note);
        Assert.Equal(1, harness.Email.CallsStarted);
        Assert.Single(harness.Recorder.ReadAll());
    }

    [Fact]
    public async Task RunAsync_UnsubscribedRecipient_BlocksItemWithoutProviderCall()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        await harness.Suppression.RecordUnsubscribeAsync(ben.RecipientKey, "webhook", Ct);
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var refused = Assert.Single(report.Batches[0].Actions, a => a.ItemId == ben.Id);
        Assert.Equal((ActionOutcomes.Refused, ReasonCodes.SuppressedUnsubscribed), (refused.Outcome, refused.Reason));
        var item = (await harness.Queue.GetAsync(ben.Id, Ct))!;
        Assert.Equal((ReviewStatus.Blocked, ReasonCodes.SuppressedUnsubscribed), (item.Status, item.StatusReason));
        Assert.Equal([ana.RecipientKey], harness.Email.Calls.Select(c => c.RecipientKey));
        Assert.Contains(await harness.ReadAuditAsync(), r => r.Action == AuditActions.SendRefused && r.ItemId == ben.Id && r.ReasonCode == ReasonCodes.SuppressedUnsubscribed);
        Assert.Null(await harness.Ledger.GetAsync(ben.RecipientKey, 1, Ct));
        Assert.Equal(BatchRefusals.NothingToBatch, (await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Refusal?.Code);
    }

    [Theory]
    [InlineData(ReasonCodes.CapDaily)]
    [InlineData(ReasonCodes.MinGap)]
    public async Task RunAsync_Deferral_LeavesItemApprovedInTheBatchAndTheNextRunSendsItWithoutANewBatch(string reason)
    {
        using var harness = DispatchHarness.InMemory(safety: o =>
        {
            if (reason == ReasonCodes.CapDaily)
            {
                o.Caps.Daily = 1;
            }
            else
            {
                o.Caps.MinimumGap = TimeSpan.FromSeconds(45);
            }
        });
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        var first = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(first.Id), Ct);

        var deferred = Assert.Single(report.Batches[0].Actions, a => a.Outcome == ActionOutcomes.Deferred);
        Assert.Equal(reason, deferred.Reason);
        Assert.NotNull(deferred.DeferUntil);
        Assert.Single(report.Batches[0].Actions, a => a.Outcome == ActionOutcomes.Sent);
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(deferred.ItemId));
        Assert.Contains(await harness.ReadAuditAsync(), r => r.Action == AuditActions.SendRefused && r.ItemId == deferred.ItemId && r.ReasonCode == reason);
        var stored = (await harness.Batches.GetAsync(first.Id, Ct))!;
        Assert.Equal(BatchStatus.Approved, stored.Status);
        Assert.Equal(new DeferredAction(deferred.ActionId, reason, deferred.DeferUntil), Assert.Single(stored.Deferred!));
        Assert.Equal(BatchRefusals.NothingToBatch, (await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Refusal?.Code);

        harness.Time.SetUtcNow(DispatchHarness.Monday10Utc.AddHours(15)); // the next day, before the batch expires
        var later = await harness.Operator.RunAsync(DispatchHarness.Live(), Ct);

        Assert.Equal(first.Id, Assert.Single(later.Batches).BatchId);
        Assert.Equal((deferred.ItemId, ActionOutcomes.Sent), Assert.Single(later.Batches[0].Actions) is var a ? (a.ItemId, a.Outcome) : default);
        stored = (await harness.Batches.GetAsync(first.Id, Ct))!;
        Assert.Equal(BatchStatus.Executed, stored.Status);
        Assert.Null(stored.Deferred);
        Assert.Equal(new ChannelResult("email", 2, 0, 0, 0, 0), Assert.Single(stored.Results!));
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ben.Id));
        Assert.Equal(2, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task RunAsync_LinkedInSend_RecordsItsProfileForTheRecipient_AndAnEmailSendDoesNot()
    {
        using var harness = DispatchHarness.InMemory();
        var cleo = await harness.ApprovedItemAsync("cleo@gamma.io", channel: Channel.LinkedIn, linkedInUrl: "https://www.linkedin.com/in/Cleo-G");
        var ana = await harness.ApprovedItemAsync("ana@alpha.io", linkedInUrl: "https://www.linkedin.com/in/ana");
        var batch = await harness.ApprovedBatchAsync();

        await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        // A reply on LinkedIn names the profile only: it leads back to the recipient the send went to.
        var profiles = harness.Services.GetRequiredService<LinkedInRecipients>();
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(cleo.Id));
        Assert.Equal(cleo.RecipientKey, await profiles.FindAsync("https://linkedin.com/in/cleo-g/", Ct));
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
        Assert.Null(await profiles.FindAsync("https://www.linkedin.com/in/ana", Ct));
    }

    [Fact]
    public async Task RunAsync_LinkedInChannelRejects_ReportsPerChannelCountsAndOnePartialDispatchAlert()
    {
        using var harness = DispatchHarness.InMemory();
        harness.LinkedIn.Faults = _ => ChannelFault.Reject;
        await harness.ApprovedItemAsync("ana@alpha.io");
        await harness.ApprovedItemAsync("ben@beta.io");
        var cleo = await harness.ApprovedItemAsync("cleo@gamma.io", channel: Channel.LinkedIn, linkedInUrl: "https://www.linkedin.com/in/cleo");
        var dan = await harness.ApprovedItemAsync("dan@delta.io", channel: Channel.LinkedIn, linkedInUrl: "https://www.linkedin.com/in/dan");
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        await harness.NewOperator().RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var run = Assert.Single(report.Batches);
        Assert.True(run.Partial);
        Assert.Equal([new ChannelResult("email", 2, 0, 0, 0, 0), new ChannelResult("linkedin", 0, 2, 0, 0, 0)], run.Channels);
        var alert = Assert.Single(await harness.ReadAlertsAsync());
        Assert.Equal(("partial_dispatch", batch.Id), (alert.Code, alert.BatchId));
        foreach (var item in new[] { cleo, dan })
        {
            var stored = (await harness.Queue.GetAsync(item.Id, Ct))!;
            Assert.Equal((ReviewStatus.SendFailed, "provider_refused"), (stored.Status, stored.StatusReason));
            Assert.Equal(LedgerState.Failed, (await harness.Ledger.GetAsync(item.RecipientKey, 1, Ct))!.Value.Entry.State);
        }

        Assert.Equal(2, harness.Recorder.ReadAll().Count);
        Assert.Equal(2, (await harness.ReadAuditAsync()).Count(r => r.Action == AuditActions.SendFailed));
        Assert.Equal(run.Channels, (await harness.Batches.GetAsync(batch.Id, Ct))!.Results);
    }

    [Fact]
    public async Task RunAsync_ChannelDidNotCallProvider_RefusedUnavailable_ReservationAndCapGivenBack_SentOnALaterRun()
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Caps.Monthly = 1, operatorOptions: o => o.MaxInFlight = 1);
        harness.Email.Faults = _ => ChannelFault.Unavailable;
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var first = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(first.Id), Ct);

        var refused = Assert.Single(report.Batches[0].Actions);
        Assert.Equal((ActionOutcomes.Refused, ReasonCodes.ProviderUnavailable), (refused.Outcome, refused.Reason));
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(ana.Id));
        Assert.Null(await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct));
        Assert.Contains(await harness.ReadAuditAsync(), r => r.Action == AuditActions.SendRefused && r.ItemId == ana.Id && r.ReasonCode == ReasonCodes.ProviderUnavailable);
        Assert.DoesNotContain(await harness.ReadAuditAsync(), r => r.Action is AuditActions.SendFailed or AuditActions.SendMaybeSent);

        // The provider is back: the same draft goes out, within the monthly cap of one the refused attempt gave back.
        harness.Email.Faults = null;
        var second = await harness.ApprovedBatchAsync();
        var later = await harness.NewOperator().RunAsync(DispatchHarness.Live(second.Id), Ct);

        Assert.Equal((ana.Id, ActionOutcomes.Sent), Assert.Single(later.Batches.SelectMany(b => b.Actions)) is var a ? (a.ItemId, a.Outcome) : default);
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
        Assert.Single(harness.Email.Delivered);
    }

    [Fact]
    public async Task RunAsync_TimeoutAfterProviderRecorded_MaybeSentThenReconciledAsSentAndNeverResent()
    {
        using var harness = DispatchHarness.InMemory();
        harness.Email.Faults = _ => ChannelFault.TimeoutAfterSend;
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var first = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(first.Id), Ct);

        Assert.Equal(new ChannelResult("email", 0, 0, 1, 0, 0), Assert.Single(report.Batches[0].Channels));
        Assert.Equal(ReviewStatus.MaybeSent, await harness.StatusOfAsync(ana.Id));
        Assert.Equal(LedgerState.MaybeSent, (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value.Entry.State);
        Assert.Contains(await harness.ReadAuditAsync(), r => r.Action == AuditActions.SendMaybeSent && r.ItemId == ana.Id);

        // Another approved draft for the same recipient and step must not go out either.
        harness.Email.Faults = null;
        var again = await harness.ApprovedItemAsync("ana@alpha.io", subject: "Following up");
        var second = await harness.ApprovedBatchAsync();
        await harness.Operator.RunAsync(DispatchHarness.Live(second.Id), Ct);
        var reconcile = await harness.Operator.ReconcileAsync(Ct);
        var secondPass = await harness.Operator.ReconcileAsync(Ct);

        Assert.Equal(new ReconcileReport(1, 1, 0, 0), reconcile);
        Assert.Equal(new ReconcileReport(0, 0, 0, 0), secondPass);
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
        Assert.Equal((ReviewStatus.Blocked, ReasonCodes.AlreadySent), ((await harness.Queue.GetAsync(again.Id, Ct))!.Status, (await harness.Queue.GetAsync(again.Id, Ct))!.StatusReason));
        Assert.Equal(LedgerState.Sent, (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value.Entry.State);
        Assert.Single((await harness.History.GetAsync(ana.RecipientKey, Ct))!.Sends);
        Assert.Equal(1, harness.Email.CallsStarted);
        Assert.Single(harness.Recorder.ReadAll());
        Assert.Contains(await harness.ReadAuditAsync(), r => r.Action == AuditActions.SendReconciled && r.ItemId == ana.Id && r.ReasonCode == "reconciled_sent");
    }

    [Fact]
    public async Task ReconcileAsync_ServerErrorBeforeProviderRecorded_SettlesAsSendFailedWithoutResend()
    {
        using var harness = DispatchHarness.InMemory();
        harness.Email.Faults = _ => ChannelFault.ServerErrorBeforeSend;
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();
        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        harness.Email.Faults = null;

        var reconcile = await harness.Operator.ReconcileAsync(Ct);

        Assert.Equal(ActionOutcomes.MaybeSent, Assert.Single(report.Batches[0].Actions).Outcome);
        Assert.Equal(new ReconcileReport(1, 0, 1, 0), reconcile);
        var item = (await harness.Queue.GetAsync(ana.Id, Ct))!;
        Assert.Equal((ReviewStatus.SendFailed, "reconciled_not_sent"), (item.Status, item.StatusReason));
        Assert.Equal(LedgerState.NotSent, (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value.Entry.State);
        Assert.Equal(BatchRefusals.NothingToBatch, (await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Refusal?.Code);
        Assert.Equal(0, (await harness.Operator.ReconcileAsync(Ct)).Examined);
        Assert.Equal(1, harness.Email.CallsStarted);
        Assert.Empty(harness.Recorder.ReadAll());
    }

    [Theory]
    [InlineData("after_provider_call")]
    [InlineData("at_outcome_commit")]
    public async Task RunAsync_ExecutorDiedDuringSend_ResumeSettlesWithoutResendAndReconcileConfirms(string crashPoint)
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var inner = new InMemoryStateStore(time);
        var recorder = new SandboxSendRecorder(null);
        var firstStore = new CrashableStateStore(inner);
        ReviewItem victim;
        string batchId;
        using (var first = new DispatchHarness(time, firstStore, recorder, operatorOptions: o => o.MaxInFlight = 1))
        {
            await first.ApprovedItemAsync("ana@alpha.io");
            victim = await first.ApprovedItemAsync("ben@beta.io");
            await first.ApprovedItemAsync("cleo@gamma.io");
            batchId = (await first.ApprovedBatchAsync()).Id;
            if (crashPoint == "after_provider_call")
            {
                // Nothing is written between this hook and the provider accepting the message.
                first.Email.OnCallStarted = (request, _) =>
                {
                    if (request.ItemId == victim.Id)
                    {
                        firstStore.Crash();
                    }

                    return ValueTask.CompletedTask;
                };
            }
            else
            {
                // The ledger, history and item status of the outcome are one commit: the crash loses all of it.
                firstStore.CrashBeforeWrite = target => target == ReviewQueue.StatusIndex(ReviewStatus.Sent) + "|" + victim.Id;
            }

            await Assert.ThrowsAnyAsync<Exception>(() => first.Operator.RunAsync(DispatchHarness.Live(batchId), Ct));
            Assert.True(firstStore.Crashed);
        }

        // Restart: a new process on the same state, after the dead executor's lease lapsed.
        time.Advance(TimeSpan.FromMinutes(2));
        using var second = new DispatchHarness(time, new CrashableStateStore(inner), recorder);
        var resumed = await second.Operator.RunAsync(DispatchHarness.Live(), Ct);
        var reconcile = await second.Operator.ReconcileAsync(Ct);

        var run = Assert.Single(resumed.Batches);
        Assert.Equal(batchId, run.BatchId);
        Assert.True(run.Executed);
        Assert.Equal("earlier_attempt", Assert.Single(run.Actions, a => a.ItemId == victim.Id).Reason);
        Assert.Equal(1, reconcile.Sent);
        Assert.Equal(ReviewStatus.Sent, await second.StatusOfAsync(victim.Id));
        Assert.Equal(LedgerState.Sent, (await second.Ledger.GetAsync(victim.RecipientKey, 1, Ct))!.Value.Entry.State);
        Assert.Single((await second.History.GetAsync(victim.RecipientKey, Ct))!.Sends);
        Assert.DoesNotContain(second.Email.Calls, c => c.ItemId == victim.Id);
        var sends = recorder.ReadAll();
        Assert.Equal(3, sends.Count);
        Assert.Equal(3, sends.Select(s => (s.RecipientKey, s.Step)).Distinct().Count());
        Assert.Equal(BatchStatus.Executed, (await second.Batches.GetAsync(batchId, Ct))!.Status);
        var items = await second.Queue.ListAsync(ReviewStatus.Sent, cancellationToken: Ct);
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public async Task RunAsync_ExecutingBatchExpiredBeforeResume_ClosedAndUnsentItemsReleased()
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var inner = new InMemoryStateStore(time);
        var recorder = new SandboxSendRecorder(null);
        var firstStore = new CrashableStateStore(inner);
        string batchId;
        using (var first = new DispatchHarness(time, firstStore, recorder, operatorOptions: o => o.MaxInFlight = 1))
        {
            for (var i = 0; i < 4; i++)
            {
                await first.ApprovedItemAsync($"lead{i}@firm{i}.io");
            }

            batchId = (await first.ApprovedBatchAsync()).Id;
            var calls = 0;
            first.Email.OnCallStarted = (_, _) =>
            {
                if (++calls == 2)
                {
                    firstStore.Crash();
                }

                return ValueTask.CompletedTask;
            };
            await Assert.ThrowsAnyAsync<Exception>(() => first.Operator.RunAsync(DispatchHarness.Live(batchId), Ct));
        }

        time.Advance(TimeSpan.FromHours(25));
        using var second = new DispatchHarness(time, new CrashableStateStore(inner), recorder);
        var resumed = await second.Operator.RunAsync(DispatchHarness.Live(), Ct);
        var next = await second.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);

        Assert.Equal(BatchRefusals.Expired, Assert.Single(resumed.Batches, b => b.BatchId == batchId).Refusal);
        Assert.Equal(BatchStatus.Expired, (await second.Batches.GetAsync(batchId, Ct))!.Status);
        Assert.Contains(await second.ReadAlertsAsync(), a => a.Code == "batch_expired" && a.BatchId == batchId);
        Assert.Equal(0, second.Email.CallsStarted);

        // Released: the one sent before the crash stays out; the one whose call was under way when the
        // process died is settled from the ledger (never called again); the other two go out.
        Assert.Equal(3, next.Batch!.Scope.ItemIds.Count);
        await second.Batches.ApproveAsync(next.Batch.Id, DispatchHarness.Approver, Ct);
        var rerun = await second.Operator.RunAsync(DispatchHarness.Live(next.Batch.Id), Ct);
        var reconcile = await second.Operator.ReconcileAsync(Ct);

        Assert.Equal((ActionOutcomes.MaybeSent, "earlier_attempt"), rerun.Batches[0].Actions.Where(a => a.Outcome != ActionOutcomes.Sent).Select(a => (a.Outcome, a.Reason)).Single());
        Assert.Equal(2, rerun.Batches[0].Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.Equal(1, reconcile.Sent);
        Assert.Equal(2, second.Email.CallsStarted);
        Assert.Equal(4, recorder.ReadAll().Select(s => s.RecipientKey).Distinct().Count());
        Assert.Equal(4, recorder.ReadAll().Count);
        Assert.Equal(4, (await second.Queue.ListAsync(ReviewStatus.Sent, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task RunAsync_EmergencyStopFlippedWhileSendsInFlight_NoFurtherCallStartsAndRestStaysApproved()
    {
        const int MaxInFlight = 4;
        using var harness = DispatchHarness.InMemory(operatorOptions: o => o.MaxInFlight = MaxInFlight);
        var items = new List<ReviewItem>();
        for (var i = 0; i < 20; i++)
        {
            items.Add(await harness.ApprovedItemAsync($"lead{i}@firm{i}.io"));
        }

        var batch = await harness.ApprovedBatchAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Email.OnCallStarted = async (_, _) =>
        {
            if (harness.Email.CallsStarted >= MaxInFlight)
            {
                allInFlight.TrySetResult();
            }

            await gate.Task;
        };

        var run = Task.Run(() => harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct), Ct);
        await allInFlight.Task.WaitAsync(Ct);
        await harness.Stop.SetAsync(true, "ops", "bounce spike", Ct);
        var startedAtFlip = harness.Email.CallsStarted;
        gate.SetResult();
        var report = await run;

        Assert.Equal(MaxInFlight, startedAtFlip);
        Assert.InRange(harness.Email.CallsStarted - startedAtFlip, 0, MaxInFlight);
        var actions = report.Batches[0].Actions;
        var sent = actions.Where(a => a.Outcome == ActionOutcomes.Sent).Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(harness.Email.Calls.Select(c => c.ItemId).ToHashSet(StringComparer.Ordinal), sent);
        var stopped = actions.Where(a => a.Outcome != ActionOutcomes.Sent).ToList();
        Assert.Equal(items.Count - harness.Email.CallsStarted, stopped.Count);
        Assert.All(stopped, a => Assert.Equal((ActionOutcomes.Refused, ReasonCodes.EmergencyStop), (a.Outcome, a.Reason)));
        var audit = await harness.ReadAuditAsync();
        foreach (var action in stopped)
        {
            Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(action.ItemId));
            Assert.Contains(audit, r => r.Action == AuditActions.SendRefused && r.ItemId == action.ItemId && r.ReasonCode == ReasonCodes.EmergencyStop);
        }

        // Released: after the stop is lifted the rest goes out in a new batch, nothing twice.
        await harness.Stop.SetAsync(false, "ops", "resolved", Ct);
        var next = await harness.ApprovedBatchAsync();
        await harness.Operator.RunAsync(DispatchHarness.Live(next.Id), Ct);
        Assert.Equal(stopped.Count, next.Scope.ItemIds.Count);
        Assert.Equal(items.Count, harness.Recorder.ReadAll().Select(s => s.RecipientKey).Distinct().Count());
        Assert.Equal(items.Count, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task RunAsync_DailyCapInBerlin_SendsUpToCapBeforeLocalMidnightAndTheRestAfterIt()
    {
        // 22:30 UTC on Monday 5 January is 23:30 in Berlin; Berlin's midnight is 23:00 UTC, an hour before UTC's.
        var lateEvening = new DateTimeOffset(2026, 1, 5, 22, 30, 0, TimeSpan.Zero);
        using var harness = DispatchHarness.InMemory(
            safety: o =>
            {
                o.Caps.TimeZone = "Europe/Berlin";
                o.Caps.Daily = 3;
            },
            now: lateEvening);
        for (var i = 0; i < 5; i++)
        {
            await harness.ApprovedItemAsync($"lead{i}@firm{i}.io");
        }

        var batch = await harness.ApprovedBatchAsync();
        var before = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 22, 59, 59, TimeSpan.Zero));
        var lastSecond = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 23, 0, 0, TimeSpan.Zero));
        var afterMidnight = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var berlinMidnight = new DateTimeOffset(2026, 1, 5, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal(3, before.Batches[0].Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.All(before.Batches[0].Actions.Where(a => a.Outcome != ActionOutcomes.Sent), a => Assert.Equal((ActionOutcomes.Deferred, ReasonCodes.CapDaily, berlinMidnight), (a.Outcome, a.Reason!, a.DeferUntil!.Value)));
        Assert.All(lastSecond.Batches[0].Actions, a => Assert.Equal(ReasonCodes.CapDaily, a.Reason));
        Assert.Equal(2, lastSecond.Batches[0].Actions.Count);
        Assert.All(afterMidnight.Batches[0].Actions, a => Assert.Equal(ActionOutcomes.Sent, a.Outcome));
        Assert.Equal(2, afterMidnight.Batches[0].Actions.Count);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var perBerlinDay = harness.Recorder.ReadAll().GroupBy(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.At, berlin).DateTime)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<DateOnly, int> { [new DateOnly(2026, 1, 5)] = 3, [new DateOnly(2026, 1, 6)] = 2 }, perBerlinDay);
    }
}
