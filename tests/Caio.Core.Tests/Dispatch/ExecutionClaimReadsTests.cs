using Caio.Batches;
using Caio.Core.Tests.State;
using Caio.Dispatch;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// One batch execution reads its scope's item claims once, when it claims the batch, and at completion only the
/// claims of the items the batch held then; the actions it evaluates come from what the claim found.
/// </summary>
public sealed class ExecutionClaimReadsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Execution_OfABatchRunTwice_ReadsEachItemClaimOnceAtTheClaim_AndAtCompletionOnlyThoseItHeld()
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var store = new ItemClaimReadCounter(new InMemoryStateStore(time));
        using var harness = NewHarness(time, store);
        var batch = await ApprovedBatchAsync(harness, 8);
        var blocked = batch.Scope.Actions.Where(a => a.Email is "lead6@firm6.io" or "lead7@firm7.io").Select(BatchMessage.ItemIdOf).ToList();
        await harness.Suppression.RecordUnsubscribeAsync("email:lead6@firm6.io", "reply", Ct);
        await harness.Suppression.RecordUnsubscribeAsync("email:lead7@firm7.io", "reply", Ct);

        // The execution alone, without the operator run's sweep of every approved item's claim.
        // First run: one sent, two refused (their items blocked), five deferred by the gap (kept by the batch).
        store.Reset();
        var first = await harness.Operator.RunBatchWithoutSweepAsync(batch.Id, [], due: null, Ct);
        Assert.Equal(1, first.Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.Equal(2, first.Actions.Count(a => a.Reason == ReasonCodes.SuppressedUnsubscribed));
        Assert.Equal(5, first.Actions.Count(a => a.Reason == ReasonCodes.MinGap));

        // 8 at the claim; at completion the 3 it held and did not keep (the sent one and the two refused).
        Assert.Equal(8 + 3, store.Reads);
        foreach (var itemId in blocked)
        {
            Assert.Equal(ReviewStatus.Blocked, await harness.StatusOfAsync(itemId));
        }

        // Second run: 8 at the claim, which finds the batch still holding every item (a sent or blocked item keeps
        // its claim; neither is evaluated again); at completion the 8 less the 4 the gap defers again.
        time.Advance(TimeSpan.FromSeconds(45));
        store.Reset();
        var second = await harness.Operator.RunBatchWithoutSweepAsync(batch.Id, [], due: null, Ct);
        Assert.Equal(1, second.Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        Assert.Equal(4, second.Actions.Count(a => a.Reason == ReasonCodes.MinGap));
        Assert.Equal(5, second.Actions.Count);
        Assert.Equal(8 + 4, store.Reads);
        Assert.Equal(2, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task Execution_SettlingOnlyDueItems_DoesNotReadTheItemsThatKeepTheirDeferral()
    {
        // The sandbox day's later runs settle only the items due at that moment: the batch's other deferred items
        // are neither evaluated nor read; the claim of the run in which they come due validates them.
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var store = new ItemClaimReadCounter(new InMemoryStateStore(time));
        using var harness = NewHarness(time, store);
        var batch = await ApprovedBatchAsync(harness, 8);
        var first = await harness.Operator.RunBatchWithoutSweepAsync(batch.Id, [], due: null, Ct);
        var deferred = first.Actions.Where(a => a.Reason == ReasonCodes.MinGap).Select(a => a.ItemId).ToList();
        Assert.Equal(7, deferred.Count);

        time.Advance(TimeSpan.FromSeconds(45));
        store.Reset();
        var due = new HashSet<string>([deferred[0]], StringComparer.Ordinal);
        var second = await harness.Operator.RunBatchWithoutSweepAsync(batch.Id, [], due, Ct);

        Assert.Equal(ActionOutcomes.Sent, second.Actions.Single(a => a.ItemId == deferred[0]).Outcome);
        Assert.Equal(6, second.Actions.Count(a => a.Outcome == ActionOutcomes.Deferred && a.Detail == "deferred by an earlier run"));

        // At the claim, the due item and the one sent in the first run; at completion, the same two.
        Assert.Equal(2 + 2, store.Reads);
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(deferred[1]));
        Assert.Equal(BatchStatus.Approved, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Execution_SettlingOnlyDueItems_ThatExpiresDuringTheRun_ReleasesEveryApprovedItemItHeld()
    {
        // The items keeping their deferral are not read at the claim; when the batch expires during the run, they
        // must still be released with the rest, so an expired batch never keeps an approved item.
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var store = new ExpiringOnFirstActionClaim(new InMemoryStateStore(time), time);
        using var harness = NewHarness(time, store, batchTimeToLive: TimeSpan.FromMinutes(1));
        var batch = await ApprovedBatchAsync(harness, 4);
        var first = await harness.Operator.RunBatchWithoutSweepAsync(batch.Id, [], due: null, Ct);
        var deferred = first.Actions.Where(a => a.Reason == ReasonCodes.MinGap).Select(a => a.ItemId).ToList();
        Assert.Equal(3, deferred.Count);

        time.Advance(TimeSpan.FromSeconds(45));
        store.ExpireAt = batch.ExpiresAt;
        await harness.Operator.RunBatchWithoutSweepAsync(batch.Id, [], new HashSet<string>([deferred[0]], StringComparer.Ordinal), Ct);

        Assert.Equal(BatchStatus.Expired, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
        foreach (var itemId in deferred)
        {
            Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(itemId));
            Assert.Null(await store.GetAsync("batch:item:" + itemId, Ct));
        }
    }

    /// <summary>Sends one action at a time, at least 45 seconds apart, so every run after the first send defers the rest.</summary>
    private static DispatchHarness NewHarness(FakeTimeProvider time, IStateStore store, TimeSpan? batchTimeToLive = null) => new(
        time,
        store,
        new SandboxSendRecorder(null),
        safety: o => o.Caps.MinimumGap = TimeSpan.FromSeconds(45),
        operatorOptions: o => o.MaxInFlight = 1,
        batchOptions: o => o.TimeToLive = batchTimeToLive ?? o.TimeToLive);

    /// <summary>Approves <paramref name="items"/> drafts to <c>lead{i}@firm{i}.io</c> and one batch holding them all.</summary>
    private static async Task<DispatchBatch> ApprovedBatchAsync(DispatchHarness harness, int items)
    {
        for (var i = 0; i < items; i++)
        {
            await harness.ApprovedItemAsync($"lead{i}@firm{i}.io");
        }

        return await harness.ApprovedBatchAsync();
    }

    /// <summary>Moves the clock to <see cref="ExpireAt"/> when the run takes its first action claim.</summary>
    private sealed class ExpiringOnFirstActionClaim(IStateStore inner, FakeTimeProvider time) : DelegatingStateStore(inner)
    {
        public DateTimeOffset? ExpireAt { get; set; }

        public override ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
        {
            if (key.StartsWith("action-claim:", StringComparison.Ordinal) && ExpireAt is { } at)
            {
                ExpireAt = null;
                time.Advance(at - time.GetUtcNow());
            }

            return base.TryInsertAsync(key, value, expiresAt, cancellationToken);
        }
    }

    /// <summary>Counts reads of item claims (<c>batch:item:&lt;id&gt;</c>).</summary>
    private sealed class ItemClaimReadCounter(IStateStore inner) : DelegatingStateStore(inner)
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public void Reset() => Volatile.Write(ref _reads, 0);

        public override ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            if (key.StartsWith("batch:item:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _reads);
            }

            return base.GetAsync(key, cancellationToken);
        }
    }
}
