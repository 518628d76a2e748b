using System.Text;
using Caio.Audit;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>An approved batch keeps authorizing the actions it froze until it expires.</summary>
public sealed class BatchAuthorizationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_MinimumGapDefersFive_LaterRunsSendThemFromTheSameBatchWithoutNewApproval()
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Caps.MinimumGap = TimeSpan.FromSeconds(45), operatorOptions: o => o.MaxInFlight = 1);
        for (var i = 0; i < 6; i++)
        {
            await harness.ApprovedItemAsync($"lead{i}@firm{i}.io");
        }

        var batch = await harness.ApprovedBatchAsync();

        var first = await harness.Operator.RunAsync(DispatchHarness.Live(), Ct);

        var run = Assert.Single(first.Batches);
        Assert.Equal(1, run.Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.Equal(5, run.Actions.Count(a => a.Outcome == ActionOutcomes.Deferred && a.Reason == ReasonCodes.MinGap));
        var stored = (await harness.Batches.GetAsync(batch.Id, Ct))!;
        Assert.Equal(BatchStatus.Approved, stored.Status);
        Assert.Equal(5, stored.Deferred!.Count);
        Assert.Equal(BatchRefusals.NothingToBatch, (await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Refusal?.Code);

        // Nothing is due yet: the batch is not even claimed, and the run says when the next can go.
        var early = Assert.Single((await harness.Operator.RunAsync(DispatchHarness.Live(), Ct)).Batches);
        Assert.False(early.Executed);
        Assert.Null(early.Refusal);
        Assert.Contains("5 deferred actions wait", early.Detail, StringComparison.Ordinal);
        Assert.Single(await harness.ReadAuditAsync(), r => r.Action == AuditActions.BatchExecuted);

        for (var i = 0; i < 5; i++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(45));
            var later = await harness.Operator.RunAsync(DispatchHarness.Live(), Ct);
            Assert.Equal(batch.Id, Assert.Single(later.Batches).BatchId);
            Assert.Equal(1, later.Batches[0].Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        }

        Assert.Equal(BatchStatus.Executed, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
        Assert.Equal(6, harness.Email.CallsStarted);
        Assert.Equal(6, harness.Recorder.ReadAll().Select(s => s.RecipientKey).Distinct().Count());
        Assert.Empty(await harness.Queue.ListAsync(ReviewStatus.Approved, cancellationToken: Ct));
        Assert.Single(await harness.ReadAuditAsync(), r => r.Action == AuditActions.BatchApproved);
        Assert.Empty(await harness.Operator.RunAsync(DispatchHarness.Live(), Ct) is { } after ? after.Batches : []);
    }

    [Fact]
    public async Task RunAsync_WaitUpTo_WaitsOutShortDeferralsWithinTheBoundInOneRun()
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Caps.MinimumGap = TimeSpan.FromSeconds(45), operatorOptions: o => o.MaxInFlight = 2);
        for (var i = 0; i < 6; i++)
        {
            await harness.ApprovedItemAsync($"lead{i}@firm{i}.io");
        }

        var batch = await harness.ApprovedBatchAsync();
        var start = harness.Time.GetUtcNow();

        var report = await DriveAsync(harness.Time, harness.Operator.RunAsync(DispatchHarness.Live() with { WaitUpTo = TimeSpan.FromMinutes(15) }, Ct));

        var run = Assert.Single(report.Batches);
        Assert.Equal(6, run.Actions.Count);
        Assert.All(run.Actions, a => Assert.Equal(ActionOutcomes.Sent, a.Outcome));
        Assert.Equal(BatchStatus.Executed, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
        var times = harness.Recorder.ReadAll().Select(s => s.At).Order().ToList();
        Assert.Equal(6, times.Count);
        // The clock moves in 5-second steps while the run works, so a send may be recorded up to one step after its gap was taken.
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(40), $"{pair.First:O} → {pair.Second:O}"));
        Assert.True(times[^1] - start <= TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task RunAsync_WaitUpTo_DeferralBeyondTheBoundStaysInTheBatch()
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Caps.MinimumGap = TimeSpan.FromMinutes(10), operatorOptions: o => o.MaxInFlight = 1);
        for (var i = 0; i < 3; i++)
        {
            await harness.ApprovedItemAsync($"lead{i}@firm{i}.io");
        }

        var batch = await harness.ApprovedBatchAsync();

        var report = await DriveAsync(harness.Time, harness.Operator.RunAsync(DispatchHarness.Live() with { WaitUpTo = TimeSpan.FromMinutes(15) }, Ct));

        var run = Assert.Single(report.Batches);
        Assert.Equal(2, run.Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.Equal(ReasonCodes.MinGap, Assert.Single(run.Actions, a => a.Outcome == ActionOutcomes.Deferred).Reason);
        Assert.Equal(BatchStatus.Approved, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
        Assert.Equal(2, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task RunAsync_BatchExpiresWithDeferredActions_TheyReturnToThePoolWithAnAlert()
    {
        using var harness = DispatchHarness.InMemory(safety: o => o.Caps.Monthly = 1, operatorOptions: o => o.MaxInFlight = 1);
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        var batch = await harness.ApprovedBatchAsync();
        var first = await harness.Operator.RunAsync(DispatchHarness.Live(), Ct);
        Assert.Equal((ActionOutcomes.Deferred, ReasonCodes.CapMonthly), Assert.Single(first.Batches[0].Actions, a => a.ItemId == ben.Id) is var b ? (b.Outcome, b.Reason) : default);

        harness.Time.Advance(TimeSpan.FromHours(25));
        var later = await harness.Operator.RunAsync(DispatchHarness.Live(), Ct);

        Assert.Empty(later.Batches);
        Assert.Equal(BatchStatus.Expired, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
        var alert = Assert.Single(await harness.ReadAlertsAsync(), a => a.Code == "batch_expired");
        Assert.Equal(batch.Id, alert.BatchId);
        Assert.Contains("1 deferred", alert.Message, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(ben.Id));
        var next = await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        Assert.Equal([ben.Id], next.Batch!.Scope.ItemIds);
    }

    [Fact]
    public async Task CreateBatchAsync_ActionsThatCannotGoOutNow_ListedWithReasonAndTime()
    {
        using var harness = DispatchHarness.InMemory(safety: o =>
        {
            o.SendWindow.Enabled = true;
            o.Caps.PerMailboxDaily = 1;
        });
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var kenji = await ApprovedItemInZoneAsync(harness, "kenji@tokyo.jp", "Asia/Tokyo");
        var before = await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        await harness.Batches.ApproveAsync(before.Batch!.Id, DispatchHarness.Approver, Ct);
        await harness.Operator.RunAsync(DispatchHarness.Live(), Ct); // ana takes the mailbox's one send today
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        var yuki = await ApprovedItemInZoneAsync(harness, "yuki@osaka.jp", "Asia/Tokyo");

        var result = await harness.Operator.CreateBatchAsync(BatchMotions.Outbound, "ops", cancellationToken: Ct);

        Assert.True(result.Succeeded, result.Refusal?.Detail);
        Assert.Equal(new[] { ben.Id, yuki.Id }.Order(StringComparer.Ordinal), result.Batch!.Scope.ItemIds.Order(StringComparer.Ordinal));
        var notices = result.Notices!.ToDictionary(n => n.ItemId, StringComparer.Ordinal);
        var tuesday = new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal((ActionOutcomes.Deferred, ReasonCodes.CapMailboxDaily, tuesday), (notices[ben.Id].Outcome, notices[ben.Id].Reason, notices[ben.Id].DeferUntil!.Value));
        Assert.Equal((ActionOutcomes.Deferred, ReasonCodes.OutsideSendWindow, tuesday), (notices[yuki.Id].Outcome, notices[yuki.Id].Reason, notices[yuki.Id].DeferUntil!.Value));
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));

        // The one still waiting in the first batch is described by a dry run of that batch.
        var preview = await harness.Operator.RunAsync(DispatchHarness.DryRun(before.Batch.Id), Ct);
        var waiting = Assert.Single(preview.Batches[0].Actions, a => a.ItemId == kenji.Id);
        Assert.Equal((ActionOutcomes.Deferred, new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.Zero)), (waiting.Outcome, waiting.DeferUntil!.Value));
    }

    [Fact]
    public async Task RunAsync_WindowDeferredActionsAndASendableOneCompeteForTheRampSlot_SameSendsEveryRun()
    {
        foreach (var maxInFlight in new[] { 1, 8 })
        {
            for (var repeat = 0; repeat < 15; repeat++)
            {
                using var harness = ContendedHarness(maxInFlight, o =>
                {
                    o.SendWindow.Enabled = true;
                    o.Ramp.Enabled = true;
                    o.Ramp.DailyLimit = 1;
                    o.Caps.Hourly = 1;
                });
                for (var i = 0; i < 7; i++)
                {
                    await ApprovedItemInZoneAsync(harness, $"night{i}@far{i}.jp", "Asia/Tokyo");
                }

                var open = await harness.ApprovedItemAsync("ana@alpha.io");
                await harness.ApprovedBatchAsync();

                var report = await harness.Operator.RunAsync(DispatchHarness.Live(), Ct);

                var sent = report.Batches[0].Actions.Where(a => a.Outcome == ActionOutcomes.Sent).Select(a => a.ItemId).ToList();
                Assert.True(sent.SequenceEqual([open.Id]), $"max in flight {maxInFlight}, run {repeat}: sent {sent.Count}");
                Assert.All(report.Batches[0].Actions.Where(a => a.ItemId != open.Id), a => Assert.Equal(ReasonCodes.OutsideSendWindow, a.Reason));
            }
        }
    }

    [Fact]
    public async Task RunAsync_CapDeferredActionsAndASendableOneCompeteForTheRampSlot_SameSendsEveryRun()
    {
        foreach (var maxInFlight in new[] { 1, 8 })
        {
            for (var repeat = 0; repeat < 15; repeat++)
            {
                using var harness = ContendedHarness(maxInFlight, o =>
                {
                    o.Ramp.Enabled = true;
                    o.Ramp.DailyLimit = 2;
                    o.Caps.PerDomainPerHour = 1;
                });

                // An earlier batch fills this hour's slot for full.io and one of today's two ramp slots.
                await harness.ApprovedItemAsync("first@full.io");
                await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);
                harness.Time.Advance(TimeSpan.FromMilliseconds(1));
                for (var i = 0; i < 7; i++)
                {
                    await harness.ApprovedItemAsync($"next{i}@full.io");
                }

                harness.Time.Advance(TimeSpan.FromMilliseconds(1));
                var open = await harness.ApprovedItemAsync("ana@alpha.io");
                var batch = await harness.ApprovedBatchAsync();

                var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

                var sent = report.Batches[0].Actions.Where(a => a.Outcome == ActionOutcomes.Sent).Select(a => a.ItemId).ToList();
                Assert.True(sent.SequenceEqual([open.Id]), $"max in flight {maxInFlight}, run {repeat}: sent {sent.Count}");
                // Deferred by the full domain window, or — evaluated after the sendable one took the last ramp slot — by the ramp.
                Assert.All(report.Batches[0].Actions.Where(a => a.ItemId != open.Id), a => Assert.Contains(a.Reason?.ToString(), new[] { ReasonCodes.CapDomainHourly, ReasonCodes.RampDailyLimit }));
                Assert.All(report.Batches[0].Actions.Where(a => a.ItemId != open.Id), a => Assert.Equal(ActionOutcomes.Deferred, a.Outcome));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CompleteExecution_CrashBeforeEveryWrite_EveryApprovedItemSendableOrSettledAfterRecovery(bool withDeferral)
    {
        // Count the writes of one uninterrupted run, then crash right before each of them in turn.
        var writes = await RunCrashScenarioAsync(crashAt: null, withDeferral);
        Assert.True(writes > 10, $"only {writes} writes");
        for (var crashAt = 1; crashAt <= writes; crashAt++)
        {
            await RunCrashScenarioAsync(crashAt, withDeferral);
        }
    }

    /// <summary>
    /// One batch: a tier-1 item that is sent, a tier-2 item the ramp refuses (released to the pool) and,
    /// <paramref name="withDeferral"/>, another tier-1 item today's cap defers (kept by the batch).
    /// </summary>
    private static async Task<int> RunCrashScenarioAsync(int? crashAt, bool withDeferral)
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var inner = new InMemoryStateStore(time);
        var recorder = new SandboxSendRecorder(null);
        var store = new CrashableStateStore(inner);
        void Safety(SafetyOptions o)
        {
            o.Ramp.Enabled = true;
            o.Caps.Daily = 1;
        }

        var items = new List<ReviewItem>();
        string batchId;
        var writes = 0;
        using (var first = new DispatchHarness(time, store, recorder, Safety, o => o.MaxInFlight = 1))
        {
            items.Add(await first.ApprovedItemAsync("ana@alpha.io"));
            time.Advance(TimeSpan.FromMilliseconds(1));
            var tier2 = await first.Queue.EnqueueAsync(DispatchHarness.Draft("ben@beta.io", tier: Tier.Tier2), cancellationToken: Ct);
            items.Add((await first.Queue.ApproveAsync(tier2.Item!.Id, new ApproveRequest(), "reviewer", Ct)).Item!);
            time.Advance(TimeSpan.FromMilliseconds(1));
            if (withDeferral)
            {
                items.Add(await first.ApprovedItemAsync("cleo@gamma.io"));
            }

            batchId = (await first.ApprovedBatchAsync()).Id;
            store.CrashBeforeWrite = _ => ++writes == crashAt;
            try
            {
                var report = await first.Operator.RunAsync(DispatchHarness.Live(), Ct);
                if (crashAt is null)
                {
                    var outcomes = report.Batches[0].Actions.ToDictionary(a => a.ItemId, a => a.Reason?.ToString() ?? a.Outcome.ToWireName(), StringComparer.Ordinal);
                    Assert.Equal(new[] { ActionOutcomes.Sent.ToWireName(), ReasonCodes.RampTierRestricted, ReasonCodes.CapDaily }.Take(items.Count), items.Select(i => outcomes[i.Id]));
                }
            }
            catch (IOException) when (store.Crashed)
            {
            }

            Assert.Equal(crashAt is not null, store.Crashed);
        }

        if (crashAt is null)
        {
            return writes;
        }

        // Restart after the dead executor's lease lapsed; the next run resumes whatever was left.
        time.Advance(TimeSpan.FromMinutes(2));
        using var second = new DispatchHarness(time, new CrashableStateStore(inner), recorder, Safety, o => o.MaxInFlight = 1);
        await second.Operator.RunAsync(DispatchHarness.Live(), Ct);

        Assert.Empty(await second.Batches.ListAsync(BatchStatus.Executing, Ct));
        foreach (var item in items)
        {
            var current = (await second.Queue.GetAsync(item.Id, Ct))!;
            if (current.Status != ReviewStatus.Approved)
            {
                continue; // settled: sent, blocked, failed or maybe sent
            }

            var claim = await inner.GetAsync("batch:item:" + item.Id, Ct);
            if (claim is null)
            {
                continue; // in the approved pool: the next batch takes it
            }

            var owner = Encoding.UTF8.GetString(claim.Value.Span).Trim('"');
            var batch = (await second.Batches.GetAsync(owner, Ct))!;
            Assert.True(
                batch.Status is BatchStatus.Pending or BatchStatus.Approved,
                $"crash before write {crashAt}: approved item {item.Id} is held by batch {owner}, which is {batch.Status}");
            Assert.Contains(batch.Scope.Actions, a => a.ActionId.StartsWith(item.Id + ":", StringComparison.Ordinal));
        }

        // Nothing twice, and only the tier-1 recipient within today's cap can have gone out.
        var sends = recorder.ReadAll();
        Assert.Equal(sends.Count, sends.Select(s => s.RecipientKey).Distinct().Count());
        Assert.All(sends, s => Assert.Equal(items[0].RecipientKey, s.RecipientKey));
        Assert.NotEqual(BatchStatus.Executing, (await second.Batches.GetAsync(batchId, Ct))!.Status);
        return writes;
    }

    private static async Task<ReviewItem> ApprovedItemInZoneAsync(DispatchHarness harness, string email, string zone)
    {
        var draft = DispatchHarness.Draft(email);
        draft = draft with { Lead = draft.Lead with { Lead = draft.Lead.Lead with { Lead = draft.Lead.Lead.Lead with { TimeZone = zone } } } };
        var queued = await harness.Queue.EnqueueAsync(draft, cancellationToken: Ct);
        Assert.True(queued.Accepted, queued.Refusal?.Detail);
        var approved = await harness.Queue.ApproveAsync(queued.Item!.Id, new ApproveRequest(), "reviewer", Ct);
        Assert.True(approved.Succeeded, approved.Refusal?.Detail);
        return approved.Item!;
    }

    /// <summary>Moves the fake clock in small steps while the run waits, as real time would pass.</summary>
    private static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> run)
    {
        while (!run.IsCompleted)
        {
            await Task.Delay(2, Ct);
            if (!run.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(5));
            }
        }

        return await run;
    }

    /// <summary>A harness whose counter changes linger for a moment, so executors running in parallel contend for cap and ramp slots.</summary>
    private static DispatchHarness ContendedHarness(int maxInFlight, Action<Caio.Safety.SafetyOptions> safety)
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        return new DispatchHarness(time, new SlowCounterStateStore(new InMemoryStateStore(time)), new SandboxSendRecorder(null), safety: safety, operatorOptions: o => o.MaxInFlight = maxInFlight);
    }
}
