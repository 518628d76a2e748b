using System.Text;
using System.Text.Json;
using Caio.Batches;
using Caio.Core.Tests.State;
using Caio.Dispatch;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>Executors share the actions of one batch through claim keys; the ledger stays the arbiter.</summary>
public sealed class ActionClaimsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SecondExecutorOnAHeldBatch_TakesPartOfItsActions_NoneSentTwice()
    {
        using var harness = DispatchHarness.InMemory();
        List<string> items = [];
        for (var i = 0; i < 24; i++)
        {
            items.Add((await harness.ApprovedItemAsync($"lead{i:D2}@company{i % 5}.example")).Id);
        }

        var batch = await harness.ApprovedBatchAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Email.OnCallStarted = async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(40, token);
        };

        var holder = harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        await started.Task.WaitAsync(Ct);
        var helper = await harness.NewOperator().RunAsync(DispatchHarness.Live(batch.Id), Ct);
        var held = await holder;

        var helped = helper.Batches.Single();
        Assert.Equal(BatchRefusals.ClaimedByAnother, helped.Refusal);
        Assert.NotEmpty(helped.Actions);
        Assert.All(helped.Actions, a => Assert.Equal(ActionOutcomes.Sent, a.Outcome));
        Assert.True(held.Batches.Single().Executed);
        Assert.Equal(24, held.Batches.Single().Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.Equal(24, harness.Email.Calls.Count);
        Assert.Equal(24, harness.Email.Calls.Select(c => (c.RecipientKey, c.Step)).Distinct().Count());
        foreach (var id in items)
        {
            Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(id));
        }

        Assert.Equal(BatchStatus.Executed, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
    }

    [Fact]
    public async Task RunAsync_ActionClaimedByAnExecutorThatDied_WaitsThenTakesItOverWhenTheClaimLapses()
    {
        using var harness = DispatchHarness.InMemory();
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        var batch = await harness.ApprovedBatchAsync();
        var anaAction = batch.Scope.Actions.Single(a => BatchMessage.ItemIdOf(a) == ana.Id);
        var claimed = await harness.Store.TryInsertAsync(
            $"action-claim:{batch.Id}:{anaAction.ActionId}",
            Encoding.UTF8.GetBytes("{\"owner\":\"died\"}"),
            harness.Time.GetUtcNow() + TimeSpan.FromSeconds(10),
            Ct);
        Assert.True(claimed);

        var run = harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        // Ben goes out; Ana waits for the dead executor's claim. The wait is on the harness's clock, which
        // does not move until the test advances it, so the run cannot finish however long Ben takes.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await harness.StatusOfAsync(ben.Id) != ReviewStatus.Sent && !run.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ben.Id));
        Assert.False(run.IsCompleted);
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(ana.Id));

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(report.Batches.Single().Executed);
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
        Assert.Equal(2, harness.Email.Calls.Count);
    }

    [Fact]
    public async Task RunAsync_WallClockThatDoesNotMove_ClaimOfAnExecutorThatDied_IsTakenOverAfterALeaseOfElapsedTime()
    {
        // The worker's --now: the wall clock stands still while timestamps and timers run, so a claim never
        // expires on the wall clock. The claim is taken over once it stood a whole lease of elapsed time.
        var time = new StandingWallClock(DispatchHarness.Monday10Utc);
        using var harness = new DispatchHarness(time, new InMemoryStateStore(time), new SandboxSendRecorder(null), operatorOptions: o => o.ExecutionLeaseTtl = TimeSpan.FromSeconds(10));
        var ana = await harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await harness.ApprovedBatchAsync();
        var anaAction = batch.Scope.Actions.Single();
        Assert.True(await harness.Store.TryInsertAsync($"action-claim:{batch.Id}:{anaAction.ActionId}", Encoding.UTF8.GetBytes("{\"owner\":\"died\"}"), time.GetUtcNow() + TimeSpan.FromSeconds(10), Ct));

        var run = harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);
        await Task.Delay(300, Ct);
        Assert.False(run.IsCompleted); // waits while the claim stands

        // A lease of elapsed time passes; the wall clock stays where it was.
        time.Advance(TimeSpan.FromSeconds(10));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(DispatchHarness.Monday10Utc, time.GetUtcNow());
        Assert.True(report.Batches.Single().Executed);
        Assert.Equal(ReviewStatus.Sent, await harness.StatusOfAsync(ana.Id));
        Assert.Single(harness.Email.Calls);
    }

    /// <summary>A fake clock whose wall clock stands still while its timestamps and timers move with <see cref="FakeTimeProvider.Advance"/>.</summary>
    private sealed class StandingWallClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly DateTimeOffset _wall = start;

        public override DateTimeOffset GetUtcNow() => _wall;

        /// <summary>Elapsed time follows the fake clock's own time, which <see cref="FakeTimeProvider.Advance"/> moves.</summary>
        public override long GetTimestamp() => base.GetUtcNow().UtcTicks;
    }

    [Fact]
    public async Task RunAsync_PassOfTwentyActions_ClaimsSixteenInOneCommit_AndEveryClaimHoldsItsOutcome()
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var store = new ClaimCountingStore(new InMemoryStateStore(time));
        using var harness = new DispatchHarness(time, store, new SandboxSendRecorder(null));
        for (var i = 0; i < 20; i++)
        {
            await harness.ApprovedItemAsync($"lead{i:D2}@company{i % 5}.example");
        }

        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        Assert.Equal(20, report.Batches.Single().Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.Equal(20, harness.Email.Calls.Select(c => (c.RecipientKey, c.Step)).Distinct().Count());
        Assert.Equal([16], store.GroupClaims);
        Assert.Equal(4, store.SingleClaims);
        foreach (var action in batch.Scope.Actions)
        {
            var claim = await store.GetAsync($"action-claim:{batch.Id}:{action.ActionId}", Ct);
            using var json = JsonDocument.Parse(claim!.Value);
            Assert.Equal("sent", json.RootElement.GetProperty("outcome").GetProperty("outcome").GetString());
        }
    }

    /// <summary>Counts the action claims taken one by one and those taken in one commit.</summary>
    private sealed class ClaimCountingStore(IStateStore inner) : DelegatingStateStore(inner)
    {
        public List<int> GroupClaims { get; } = [];

        private int _singleClaims;

        public int SingleClaims => Volatile.Read(ref _singleClaims);

        public override ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
        {
            if (key.StartsWith("action-claim:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _singleClaims);
            }

            return base.TryInsertAsync(key, value, expiresAt, cancellationToken);
        }

        public override ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
        {
            if (transaction.Conditions.Count > 0 && transaction.Conditions.All(c => c.Key.StartsWith("action-claim:", StringComparison.Ordinal) && c.IsMetBy(0)))
            {
                lock (GroupClaims)
                {
                    GroupClaims.Add(transaction.Conditions.Count);
                }
            }

            return base.CommitAsync(transaction, cancellationToken);
        }
    }
}
