using Caio.Batches;
using Caio.Core.Tests.State;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Review;
using Caio.State;
using Caio.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// Batch execution and reconciliation stopped right before every write they make (decision 0007): the
/// state at rest always agrees with itself (ledger entry, item status, status and ledger indexes,
/// contact history), and after recovering the way an operator would — run the operator again, run
/// reconciliation — every approved item is settled, nothing is stranded, and the provider received
/// each (recipient, step) at most once.
/// </summary>
public sealed class SendOutcomeCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task RunAsync_CrashBeforeEveryWrite_StateAgreesAndRecoverySettlesEveryItemOnce() =>
        CrashBeforeEveryWriteAsync(RunBatchCrashScenarioAsync, minimumWrites: 11);

    [Fact]
    public Task ReconcileAsync_CrashBeforeEveryWrite_StateAgreesAndRecoverySettlesEveryItemOnce() =>
        CrashBeforeEveryWriteAsync(RunReconcileCrashScenarioAsync, minimumWrites: 5);

    /// <summary>Counts the writes of one uninterrupted run of <paramref name="scenario"/>, then crashes right before each of them in turn.</summary>
    private static async Task CrashBeforeEveryWriteAsync(Func<int?, Task<int>> scenario, int minimumWrites)
    {
        var writes = await scenario(null);
        Assert.True(writes >= minimumWrites, $"only {writes} writes");
        for (var crashAt = 1; crashAt <= writes; crashAt++)
        {
            await scenario(crashAt);
        }
    }

    [Fact]
    public async Task RunAsync_FileBackend_CrashAtEveryFileOperation_StateAgreesAndRecoverySettlesEveryItemOnce()
    {
        // One approved batch on disk, set up once: ana is sent, the provider refuses ben, cleo's call times out after delivery.
        var start = DispatchHarness.Monday10Utc;
        using var template = new TempDirectory();
        var items = new List<ReviewItem>();
        var setupTime = new FakeTimeProvider(start);
        string batchId;
        using (var setup = new DispatchHarness(setupTime, FileStore(template.Path, setupTime), new SandboxSendRecorder(null)))
        {
            foreach (var email in new[] { "ana@alpha.io", "ben@beta.io", "cleo@gamma.io" })
            {
                items.Add(await setup.ApprovedItemAsync(email));
                setupTime.Advance(TimeSpan.FromMilliseconds(1));
            }

            batchId = (await setup.ApprovedBatchAsync()).Id;
        }

        var completed = false;
        for (var crashAt = 0; crashAt < 2_000 && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            directory.CopyFrom(template.Path);
            var context = $"crash at file operation {crashAt}";
            var time = new FakeTimeProvider(setupTime.GetUtcNow());
            var recorder = new SandboxSendRecorder(null);
            var calls = new List<ChannelSendRequest>();
            var faults = new CrashingFileSystem(crashAt);
            using (var dying = new DispatchHarness(time, FileStore(directory.Path, time, faults), recorder, operatorOptions: o => o.MaxInFlight = 1))
            {
                dying.Email.Faults = BatchFaults;
                try
                {
                    await dying.Operator.RunAsync(DispatchHarness.Live(batchId), Ct);
                }
                catch (IOException) when (faults.Crashed)
                {
                    // The process died here.
                }

                calls.AddRange(dying.Email.Calls);
            }

            completed = !faults.Crashed;
            using (var restarted = new DispatchHarness(time, FileStore(directory.Path, time), recorder))
            {
                await AssertAgreesAsync(restarted, items, context + ", at rest");
            }

            time.Advance(TimeSpan.FromMinutes(2));
            using var second = new DispatchHarness(time, FileStore(directory.Path, time), recorder, operatorOptions: o => o.MaxInFlight = 1);
            second.Email.Faults = BatchFaults;
            await second.Operator.RunAsync(DispatchHarness.Live(), Ct);
            time.Advance(TimeSpan.FromMinutes(15));
            await second.Operator.ReconcileAsync(Ct);
            calls.AddRange(second.Email.Calls);

            Assert.Empty(await second.Batches.ListAsync(BatchStatus.Executing, Ct));
            await AssertAgreesAsync(second, items, context + ", after recovery");
            await AssertSettledAsync(second, items, recorder, context);
            AssertAtMostOnce(calls, recorder, context);
            Assert.DoesNotContain(recorder.ReadAll(), send => send.RecipientKey == items[1].RecipientKey); // the provider refused ben
        }

        Assert.True(completed);
    }

    [Fact]
    public async Task ReconcileAsync_FileBackend_CrashAtEveryFileOperation_StateAgreesAndRecoverySettlesEveryItemOnce()
    {
        // Two maybe_sent sends on disk (ana delivered before the timeout, ben never delivered), set up once.
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var recorder = new SandboxSendRecorder(null);
        using var template = new TempDirectory();
        var items = new List<ReviewItem>();
        using (var setup = new DispatchHarness(time, FileStore(template.Path, time), recorder, operatorOptions: o => o.MaxInFlight = 1))
        {
            setup.Email.Faults = request => request.RecipientKey.Contains("ana@", StringComparison.Ordinal) ? ChannelFault.TimeoutAfterSend : ChannelFault.ServerErrorBeforeSend;
            items.Add(await setup.ApprovedItemAsync("ana@alpha.io"));
            items.Add(await setup.ApprovedItemAsync("ben@beta.io"));
            var report = await setup.Operator.RunAsync(DispatchHarness.Live((await setup.ApprovedBatchAsync()).Id), Ct);
            Assert.All(report.Batches[0].Actions, a => Assert.Equal(ActionOutcomes.MaybeSent, a.Outcome));
        }

        var completed = false;
        for (var crashAt = 0; crashAt < 1_000 && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            directory.CopyFrom(template.Path);
            var context = $"crash at file operation {crashAt}";
            var faults = new CrashingFileSystem(crashAt);
            using (var dying = new DispatchHarness(time, FileStore(directory.Path, time, faults), recorder))
            {
                try
                {
                    Assert.Equal(new ReconcileReport(2, 1, 1, 0), await dying.Operator.ReconcileAsync(Ct));
                }
                catch (IOException) when (faults.Crashed)
                {
                    // The process died here.
                }
            }

            completed = !faults.Crashed;

            // A new process on the same directory: the state at rest agrees, and reconcile plus a run settle it.
            using var restarted = new DispatchHarness(time, FileStore(directory.Path, time), recorder);
            await AssertAgreesAsync(restarted, items, context + ", at rest");
            await restarted.Operator.ReconcileAsync(Ct);
            await restarted.Operator.RunAsync(DispatchHarness.Live(), Ct);
            await AssertAgreesAsync(restarted, items, context + ", after recovery");
            await AssertSettledAsync(restarted, items, recorder, context);
            Assert.Empty(restarted.Email.Calls);
            AssertAtMostOnce([], recorder, context);
            Assert.Single(recorder.ReadAll());
        }

        Assert.True(completed);
    }

    [Theory]
    [InlineData(LedgerState.Sent)]
    [InlineData(LedgerState.NotSent)]
    public async Task ReconcileAsync_ItemMaybeSentButLedgerSettled_RepairsItemAndHistoryWithoutAskingProvider(LedgerState settled)
    {
        // State a version that recorded outcomes as separate writes left behind when it died between them.
        using var harness = DispatchHarness.InMemory();
        harness.Email.Faults = _ => ChannelFault.TimeoutAfterSend;
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        await harness.Operator.RunAsync(DispatchHarness.Live((await harness.ApprovedBatchAsync()).Id), Ct);
        var (entry, version) = (await harness.Ledger.GetAsync(ana.RecipientKey, 1, Ct))!.Value;
        Assert.NotNull(await harness.Ledger.TransitionAsync(entry, version, settled, detail: "reconciled", cancellationToken: Ct));
        Assert.Equal(ReviewStatus.MaybeSent, await harness.StatusOfAsync(ana.Id));

        var report = await harness.Operator.ReconcileAsync(Ct);

        var expected = settled == LedgerState.Sent ? ReviewStatus.Sent : ReviewStatus.SendFailed;
        Assert.Equal(settled == LedgerState.Sent ? new ReconcileReport(1, 1, 0, 0) : new ReconcileReport(1, 0, 1, 0), report);
        Assert.Equal(expected, await harness.StatusOfAsync(ana.Id));
        await AssertAgreesAsync(harness, [ana], "repaired");
        Assert.Empty(await harness.Queue.ListAsync(ReviewStatus.MaybeSent, cancellationToken: Ct));
        Assert.Equal(new ReconcileReport(0, 0, 0, 0), await harness.Operator.ReconcileAsync(Ct));
        Assert.Equal(1, harness.Email.CallsStarted);
    }

    /// <summary>
    /// One batch, three actions: ana is sent, the provider refuses ben, cleo's call times out after the
    /// provider accepted it (maybe_sent; reconciliation finds it sent).
    /// </summary>
    private static async Task<int> RunBatchCrashScenarioAsync(int? crashAt)
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var inner = new InMemoryStateStore(time);
        var recorder = new SandboxSendRecorder(null);
        var store = new CrashableStateStore(inner);
        var calls = new List<ChannelSendRequest>();
        var items = new List<ReviewItem>();
        var writes = 0;
        var context = $"crash before write {crashAt}";
        using (var first = new DispatchHarness(time, store, recorder, operatorOptions: o => o.MaxInFlight = 1))
        {
            first.Email.Faults = BatchFaults;
            items.Add(await first.ApprovedItemAsync("ana@alpha.io"));
            items.Add(await first.ApprovedItemAsync("ben@beta.io"));
            items.Add(await first.ApprovedItemAsync("cleo@gamma.io"));
            var batchId = (await first.ApprovedBatchAsync()).Id;
            store.CrashBeforeWrite = _ => ++writes == crashAt;
            try
            {
                var report = await first.Operator.RunAsync(DispatchHarness.Live(batchId), Ct);
                if (crashAt is null)
                {
                    var outcomes = report.Batches[0].Actions.ToDictionary(a => a.ItemId, a => a.Outcome, StringComparer.Ordinal);
                    Assert.Equal([ActionOutcomes.Sent, ActionOutcomes.Failed, ActionOutcomes.MaybeSent], items.Select(i => outcomes[i.Id]));
                }
            }
            catch (IOException) when (store.Crashed)
            {
            }

            Assert.Equal(crashAt is not null, store.Crashed);
            calls.AddRange(first.Email.Calls);
        }

        if (crashAt is null)
        {
            return writes;
        }

        // At rest, right after the crash: whatever was recorded agrees with itself.
        using (var restarted = new DispatchHarness(time, new CrashableStateStore(inner), recorder))
        {
            await AssertAgreesAsync(restarted, items, context + ", at rest");
        }

        // Recovery: after the dead executor's lease lapsed, run the operator again, then reconcile.
        time.Advance(TimeSpan.FromMinutes(2));
        using var second = new DispatchHarness(time, new CrashableStateStore(inner), recorder, operatorOptions: o => o.MaxInFlight = 1);
        second.Email.Faults = BatchFaults;
        await second.Operator.RunAsync(DispatchHarness.Live(), Ct);
        time.Advance(TimeSpan.FromMinutes(15));
        await second.Operator.ReconcileAsync(Ct);
        calls.AddRange(second.Email.Calls);

        Assert.Empty(await second.Batches.ListAsync(BatchStatus.Executing, Ct));
        await AssertAgreesAsync(second, items, context + ", after recovery");
        await AssertSettledAsync(second, items, recorder, context);
        AssertAtMostOnce(calls, recorder, context);
        Assert.Equal(2, recorder.ReadAll().Count);
        return writes;

    }

    /// <summary>The provider refuses ben; cleo's call times out after the provider accepted it; ana goes out.</summary>
    private static ChannelFault BatchFaults(ChannelSendRequest request) => request.RecipientKey switch
    {
        var key when key.Contains("ben@", StringComparison.Ordinal) => ChannelFault.Reject,
        var key when key.Contains("cleo@", StringComparison.Ordinal) => ChannelFault.TimeoutAfterSend,
        _ => ChannelFault.None,
    };

    /// <summary>
    /// Two maybe_sent sends and a stale reservation: ana's provider call timed out after the provider
    /// accepted it (reconciled sent), ben's failed before the provider saw it (reconciled not sent), and
    /// the executor died during cleo's provider call (the reservation is reconciled sent once the
    /// execution lease has lapsed). The reconciliation pass crashes before each of its writes.
    /// </summary>
    private static async Task<int> RunReconcileCrashScenarioAsync(int? crashAt)
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var inner = new InMemoryStateStore(time);
        var recorder = new SandboxSendRecorder(null);
        var calls = new List<ChannelSendRequest>();
        var items = new List<ReviewItem>();
        var context = $"crash before write {crashAt}";
        var executor = new CrashableStateStore(inner);
        using (var first = new DispatchHarness(time, executor, recorder, operatorOptions: o => o.MaxInFlight = 1))
        {
            first.Email.Faults = request => request.RecipientKey switch
            {
                var key when key.Contains("ana@", StringComparison.Ordinal) => ChannelFault.TimeoutAfterSend,
                var key when key.Contains("ben@", StringComparison.Ordinal) => ChannelFault.ServerErrorBeforeSend,
                _ => ChannelFault.None,
            };
            foreach (var email in new[] { "ana@alpha.io", "ben@beta.io", "cleo@gamma.io" })
            {
                items.Add(await first.ApprovedItemAsync(email));
                time.Advance(TimeSpan.FromMilliseconds(1)); // actions run in item order: cleo's comes last
            }

            var batchId = (await first.ApprovedBatchAsync()).Id;
            first.Email.OnCallStarted = (request, _) =>
            {
                if (request.ItemId == items[2].Id)
                {
                    executor.Crash(); // nothing is written between this hook and the provider accepting the message
                }

                return ValueTask.CompletedTask;
            };
            await Assert.ThrowsAnyAsync<Exception>(() => first.Operator.RunAsync(DispatchHarness.Live(batchId), Ct));
            calls.AddRange(first.Email.Calls);
        }

        // Past the stale-reservation age and the dead executor's lease.
        time.Advance(TimeSpan.FromMinutes(15));
        var store = new CrashableStateStore(inner);
        var writes = 0;
        using (var reconciler = new DispatchHarness(time, store, recorder))
        {
            store.CrashBeforeWrite = _ => ++writes == crashAt;
            try
            {
                var reconcile = await reconciler.Operator.ReconcileAsync(Ct);
                if (crashAt is null)
                {
                    Assert.Equal(new ReconcileReport(3, 2, 1, 0), reconcile);
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

        using (var restarted = new DispatchHarness(time, new CrashableStateStore(inner), recorder))
        {
            await AssertAgreesAsync(restarted, items, context + ", at rest");
        }

        // Recovery: reconcile again, and run the operator as the next scheduled run would.
        time.Advance(TimeSpan.FromMinutes(2));
        using var second = new DispatchHarness(time, new CrashableStateStore(inner), recorder);
        await second.Operator.ReconcileAsync(Ct);
        await second.Operator.RunAsync(DispatchHarness.Live(), Ct);
        calls.AddRange(second.Email.Calls);

        Assert.Empty(await second.Batches.ListAsync(BatchStatus.Executing, Ct));
        await AssertAgreesAsync(second, items, context + ", after recovery");
        await AssertSettledAsync(second, items, recorder, context);
        Assert.Empty(second.Email.Calls);
        AssertAtMostOnce(calls, recorder, context);
        Assert.Equal(2, recorder.ReadAll().Count);
        return writes;
    }

    /// <summary>
    /// Per item: the ledger entry of its (recipient, step), its status, the status index it is listed in,
    /// the ledger's open and maybe-sent indexes and the contact history tell the same story.
    /// </summary>
    private static async Task AssertAgreesAsync(DispatchHarness harness, IReadOnlyList<ReviewItem> items, string context)
    {
        var open = await Members(harness.Store, SendLedger.OpenIndex);
        var maybeSent = await Members(harness.Store, SendLedger.MaybeSentIndex);
        foreach (var original in items)
        {
            var item = (await harness.Queue.GetAsync(original.Id, Ct))!;
            var where = $"{context}: item {item.RecipientKey} is {item.Status.ToWireName()}";
            foreach (var status in Enum.GetValues<ReviewStatus>())
            {
                var listed = (await Members(harness.Store, ReviewQueue.StatusIndex(status))).Contains(item.Id);
                Assert.True(listed == (status == item.Status), $"{where}, listed in {status.ToWireName()}: {listed}");
            }

            var ledger = await harness.Ledger.GetAsync(item.RecipientKey, item.Step, Ct);
            var history = await harness.History.GetAsync(item.RecipientKey, Ct);
            var inHistory = history?.Sends.Any(s => s.Step == item.Step) ?? false;
            if (ledger is not { } found)
            {
                Assert.True(item.Status == ReviewStatus.Approved && !inHistory, $"{where}, no ledger entry, in history: {inHistory}");
                continue;
            }

            var (entry, _) = found;
            Assert.Equal(item.Id, entry.ItemId);
            var segment = StateKeySegment.Encode(item.RecipientKey);
            where += $", ledger {entry.State}, in history: {inHistory}";
            var expected = entry.State switch
            {
                LedgerState.Reserved => ReviewStatus.Approved,
                LedgerState.MaybeSent => ReviewStatus.MaybeSent,
                LedgerState.Sent => ReviewStatus.Sent,
                _ => ReviewStatus.SendFailed,
            };
            Assert.True(item.Status == expected, where);
            Assert.True(inHistory == (entry.State == LedgerState.Sent), where);
            Assert.True(open.Any(k => k.Contains(segment, StringComparison.Ordinal)) == (entry.State == LedgerState.Reserved), where + ", open index");
            Assert.True(maybeSent.Any(k => k.Contains(segment, StringComparison.Ordinal)) == (entry.State == LedgerState.MaybeSent), where + ", maybe-sent index");
        }
    }

    /// <summary>
    /// Nothing is left approved, maybe_sent or reserved, and an item is sent exactly when the provider
    /// has its message (a crash between the reservation and the provider call settles it send_failed).
    /// </summary>
    private static async Task AssertSettledAsync(DispatchHarness harness, IReadOnlyList<ReviewItem> items, SandboxSendRecorder recorder, string context)
    {
        var delivered = recorder.ReadAll().Select(s => (s.RecipientKey, s.Step)).ToHashSet();
        foreach (var item in items)
        {
            var status = await harness.StatusOfAsync(item.Id);
            var expected = delivered.Contains((item.RecipientKey, item.Step)) ? ReviewStatus.Sent : ReviewStatus.SendFailed;
            Assert.True(status == expected, $"{context}: item {item.RecipientKey} is {status.ToWireName()}, expected {expected.ToWireName()}");
        }

        Assert.Empty(await Members(harness.Store, SendLedger.OpenIndex));
        Assert.Empty(await Members(harness.Store, SendLedger.MaybeSentIndex));
        Assert.Empty(await harness.Queue.ListAsync(ReviewStatus.MaybeSent, cancellationToken: Ct));
    }

    /// <summary>The provider was called at most once per (recipient, step) and accepted each at most once.</summary>
    private static void AssertAtMostOnce(IReadOnlyList<ChannelSendRequest> calls, SandboxSendRecorder recorder, string context)
    {
        var repeated = calls.GroupBy(c => (c.RecipientKey, c.Step)).Where(g => g.Count() > 1).Select(g => g.Key.RecipientKey).ToList();
        Assert.True(repeated.Count == 0, $"{context}: called more than once for {string.Join(", ", repeated)}");
        var sends = recorder.ReadAll();
        Assert.True(sends.Count == sends.Select(s => (s.RecipientKey, s.Step)).Distinct().Count(), $"{context}: a (recipient, step) was delivered twice");
    }

    private static FileStateStore FileStore(string path, TimeProvider time, System.IO.Abstractions.IFileSystem? fileSystem = null) =>
        new(new FileStateStoreOptions { Directory = path }, time, fileSystem);

    private static async Task<HashSet<string>> Members(IStateStore store, string index) =>
        [.. (await store.IndexRangeAsync(index, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct)).Select(e => e.Member)];
}
