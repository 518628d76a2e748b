using Caio.Batches;
using Caio.Core.Tests.Dispatch;
using Caio.Dispatch;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Batches;

public sealed class BatchCreationInterruptedTests
{
    [Fact]
    public async Task CreateAsync_StoreFailsWritingTheBatch_LeavesNoClaimAndTheItemsStayBatchable()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var store = new ThrowingStateStore(new InMemoryStateStore(time));
        using var harness = new DispatchHarness(time, store, new SandboxSendRecorder(null));
        var ct = TestContext.Current.CancellationToken;
        await harness.ApprovedItemAsync("ana@alpha.io");
        await harness.ApprovedItemAsync("ben@beta.io");

        store.FailPut = key => key.StartsWith("batch:record:", StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", ct).AsTask());
        store.FailPut = null;
        await foreach (var key in store.ListKeysAsync("batch:", ct))
        {
            Assert.Fail($"{key} was written although the batch was not");
        }

        var retry = await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", ct);
        Assert.True(retry.Succeeded, retry.Refusal?.Detail);
        Assert.Equal(2, retry.Batch!.Scope.ItemIds.Count);
    }
}
