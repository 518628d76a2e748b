using Caio.Batches;
using Caio.Dedup;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

public sealed class OperatorFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_OneActionThrows_OthersAreSentCapSlotsReleasedAndReportReturned()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var store = new ThrowingStateStore(new InMemoryStateStore(time));
        using var harness = new DispatchHarness(time, store, new SandboxSendRecorder(null), safety: o => o.Caps.Daily = 100);
        await harness.ApprovedItemAsync("ana@alpha.io");
        var broken = await harness.ApprovedItemAsync("ben@beta.io");
        await harness.ApprovedItemAsync("cleo@gamma.io");
        var batch = await harness.ApprovedBatchAsync();

        // The ledger reservation of one recipient fails with an I/O error.
        store.FailInsert = key => key.StartsWith("ledger:email:ben@beta.io", StringComparison.Ordinal);
        var report = await harness.Operator.RunAsync(new OperatorRequest { Motion = BatchMotion.Outbound, BatchId = batch.Id, Live = true }, Ct);

        var run = Assert.Single(report.Batches);
        Assert.True(run.Executed);
        Assert.Equal(2, run.Actions.Count(a => a.Outcome == ActionOutcomes.Sent));
        var failed = Assert.Single(run.Actions, a => a.Outcome == ActionOutcomes.Refused);
        Assert.Equal("operator_error", failed.Reason);
        Assert.Equal(broken.Id, failed.ItemId);
        Assert.Equal(ReviewStatus.Approved, (await harness.Queue.GetAsync(broken.Id, Ct))!.Status);
        Assert.Equal(2, harness.Email.Delivered.Count);

        // Only the two sends hold cap slots: the failed action's reservations were released.
        var usage = await harness.Caps.GetUsageAsync(Channel.Email, cancellationToken: Ct);
        Assert.Equal(2, usage.Single(u => u.Window == "daily").Used);
    }

    [Fact]
    public async Task EnqueueAsync_RecordWriteFails_DraftCanBeQueuedAgain()
    {
        var time = new FakeTimeProvider(TestClock.Start);
        var store = new ThrowingStateStore(new InMemoryStateStore(time));
        var queue = new ReviewQueue(store, EmailCanonicalizer.Default, time, new Caio.Audit.AuditLog(store), Microsoft.Extensions.Options.Options.Create(new ReviewOptions()));
        var draft = Caio.Core.Tests.Review.ReviewQueueTests.Draft("ana@alpha.io", "Hello");

        store.FailInsert = key => key.StartsWith("queue:item:", StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => queue.EnqueueAsync(draft, cancellationToken: Ct).AsTask());
        store.FailInsert = null;

        var retry = await queue.EnqueueAsync(draft, cancellationToken: Ct);
        Assert.True(retry.Accepted, retry.Refusal?.Detail);
        Assert.Single(await queue.ListAsync(ReviewStatus.Pending, cancellationToken: Ct));
    }
}
