using System.IO.Abstractions;
using System.Text;
using System.Text.Json;
using Caio.Audit;
using Caio.Batches;
using Caio.Core.Tests.Dispatch;
using Caio.Core.Tests.State;
using Caio.Dedup;
using Caio.Notifications;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Batches;

/// <summary>
/// <c>batch create</c> under a <c>kill -9</c>: the file store of a "process" dies at every file-system
/// operation of a batch creation in turn (including every step inside its commit), then a restarted
/// process opens the same directory and runs the next normal call (the hygiene of a live operator run,
/// then <c>batch create</c> again). Whatever the crash point: every approved item is in a batch that
/// exists and lists it, or unclaimed and taken by the next <c>batch create</c>; no claim names a
/// missing batch; the status indexes agree with the batch records.
/// </summary>
public sealed class BatchCreateCrashTests
{
    private const int MaxOperations = 400;
    private const int Items = 3;

    private FakeTimeProvider _time = new(DispatchHarness.Monday10Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_CrashAtEveryFileOperation_LeavesNoOrphanClaim()
    {
        var completed = false;
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var itemIds = await ArrangeApprovedItemsAsync(NewStore(directory.Path));
            var faults = new CrashingFileSystem(crashAt);
            DispatchBatch? acknowledged = null;
            try
            {
                var result = await NewBatches(NewStore(directory.Path, faults)).CreateAsync(BatchMotions.Outbound, "ops", Ct);
                Assert.True(result.Succeeded, result.Refusal?.Detail);
                acknowledged = result.Batch;
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var context = $"crash at operation {crashAt}";
            var store = NewStore(directory.Path);
            var batches = NewBatches(store);

            // Recovery is the next normal call: the hygiene every live operator run starts with.
            await batches.ExpireStaleAsync(Ct);
            var existing = await AssertConsistentAsync(store, itemIds, context);
            if (acknowledged is not null)
            {
                Assert.Contains(acknowledged.Id, existing.Keys);
            }

            // Every approved item is either in the batch that exists, or batchable now.
            var again = await batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
            if (existing.Count == 0)
            {
                Assert.True(again.Succeeded, $"{context}: {again.Refusal?.Detail}");
                Assert.Equal(itemIds, again.Batch!.Scope.ItemIds.Order(StringComparer.Ordinal));
            }
            else
            {
                var batch = Assert.Single(existing.Values);
                Assert.Equal(itemIds, batch.Scope.ItemIds.Order(StringComparer.Ordinal));
                Assert.Equal(BatchRefusals.NothingToBatch, again.Refusal?.Code);
            }

            var after = await AssertConsistentAsync(store, itemIds, context + ", after the next batch create");
            Assert.Single(after);
        }

        Assert.True(completed, "batch create completed within the operation budget, so every crash point was visited");
    }

    public enum Finish
    {
        Reject,
        Expire,
    }

    [Theory]
    [InlineData(Finish.Reject)]
    [InlineData(Finish.Expire)]
    public async Task FinishingABatch_CrashAtEveryFileOperation_NeverLeavesAFinishedBatchHoldingApprovedItems(Finish finish)
    {
        var completed = false;
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var itemIds = await ArrangeApprovedItemsAsync(NewStore(directory.Path));
            var created = (await NewBatches(NewStore(directory.Path)).CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;
            var faults = new CrashingFileSystem(crashAt);
            var crashing = NewBatches(NewStore(directory.Path, faults));
            try
            {
                if (finish == Finish.Reject)
                {
                    Assert.True((await crashing.RejectAsync(created.Id, "ops", cancellationToken: Ct)).Succeeded);
                }
                else
                {
                    _time.SetUtcNow(created.ExpiresAt);
                    Assert.Equal(1, await crashing.ExpireStaleAsync(Ct));
                }
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var context = $"crash at operation {crashAt}";

            // Checked as the restarted process finds it, before any hygiene.
            var store = NewStore(directory.Path);
            var batch = Assert.Single((await AssertConsistentAsync(store, itemIds, context)).Values);
            var claims = 0;
            foreach (var itemId in itemIds)
            {
                claims += await store.GetAsync("batch:item:" + itemId, Ct) is null ? 0 : 1;
            }

            Assert.True(batch.Status == BatchStatus.Pending ? claims == Items : claims == 0, $"{context}: a {batch.Status} batch with {claims} claims");
            _time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        }

        Assert.True(completed, "the finishing step completed within the operation budget, so every crash point was visited");
    }

    [Fact]
    public async Task ExpireStaleAsync_ClaimOfABatchThatNeverExisted_ReleasesItReportsItAndTheItemIsBatchable()
    {
        // The state the old batch create left after a kill -9 between claiming items and writing the batch.
        using var directory = new TempDirectory();
        var store = NewStore(directory.Path);
        var itemIds = await ArrangeApprovedItemsAsync(store);
        foreach (var itemId in itemIds.Take(2))
        {
            Assert.True(await store.TryInsertAsync("batch:item:" + itemId, Encoding.UTF8.GetBytes("\"batch-never-written\""), null, Ct));
        }

        var batches = NewBatches(store);
        var stranded = await batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        Assert.Equal([itemIds[2]], stranded.Batch!.Scope.ItemIds);
        Assert.True((await batches.RejectAsync(stranded.Batch.Id, "ops", cancellationToken: Ct)).Succeeded);

        await batches.ExpireStaleAsync(Ct);

        await AssertConsistentAsync(store, itemIds, "after the hygiene");
        var audit = await ReadAuditAsync(store);
        var releases = audit.Where(a => a.ReasonCode == ReasonCodes.OrphanClaimBatchMissing).ToList();
        Assert.Equal(itemIds.Take(2), releases.Select(a => a.ItemId!).Order(StringComparer.Ordinal));
        Assert.All(releases, a => Assert.Equal("batch-never-written", a.BatchId));
        var alert = Assert.Single(await ReadAlertsAsync(store), a => a.Code == "orphan_claims_released");
        Assert.Contains("2", alert.Message, StringComparison.Ordinal);

        var retry = await batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        Assert.True(retry.Succeeded, retry.Refusal?.Detail);
        Assert.Equal(itemIds, retry.Batch!.Scope.ItemIds.Order(StringComparer.Ordinal));

        // A second sweep finds nothing more to repair and reports nothing.
        await batches.ExpireStaleAsync(Ct);
        Assert.Single(await ReadAlertsAsync(store), a => a.Code == "orphan_claims_released");
    }

    [Theory]
    [InlineData(BatchStatus.Rejected)]
    [InlineData(BatchStatus.Expired)]
    [InlineData(BatchStatus.Executed)]
    public async Task ExpireStaleAsync_ApprovedItemClaimedByAFinishedBatch_ReleasesIt(BatchStatus finished)
    {
        // The state an interrupted finishing step left before transitions committed their releases.
        using var directory = new TempDirectory();
        var store = NewStore(directory.Path);
        var itemIds = await ArrangeApprovedItemsAsync(store);
        var batches = NewBatches(store);
        var created = (await batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;
        var (record, version) = (await store.GetJsonAsync("batch:record:" + created.Id, DispatchBatchJsonContext.Default.DispatchBatch, Ct))!.Value;
        Assert.NotNull(await store.CompareAndSetJsonAsync("batch:record:" + created.Id, record with { Status = finished }, version, DispatchBatchJsonContext.Default.DispatchBatch, null, Ct));
        await store.IndexRemoveAsync("batch:status:pending", created.Id, Ct);
        await store.IndexAddAsync("batch:status:" + finished.ToString().ToLowerInvariant(), created.Id, created.CreatedAt.ToUnixTimeMilliseconds(), Ct);

        await batches.ExpireStaleAsync(Ct);

        var audit = await ReadAuditAsync(store);
        Assert.Equal(Items, audit.Count(a => a.ReasonCode == ReasonCodes.OrphanClaimBatchFinished && a.BatchId == created.Id));
        var retry = await batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        Assert.True(retry.Succeeded, retry.Refusal?.Detail);
        Assert.Equal(itemIds, retry.Batch!.Scope.ItemIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExpireStaleAsync_ClaimsOfOpenBatches_AreLeftAlone()
    {
        using var directory = new TempDirectory();
        var store = NewStore(directory.Path);
        await ArrangeApprovedItemsAsync(store);
        var batches = NewBatches(store);
        var created = (await batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;

        await batches.ExpireStaleAsync(Ct);

        foreach (var itemId in created.Scope.ItemIds)
        {
            Assert.NotNull(await store.GetAsync("batch:item:" + itemId, Ct));
        }

        Assert.DoesNotContain(await ReadAlertsAsync(store), a => a.Code == "orphan_claims_released");
    }

    [Fact]
    public async Task CreateAsync_ItemChangesBetweenReadAndCommit_IsNotFrozenWithStaleContent()
    {
        var inner = new InMemoryStateStore(_time);
        var itemIds = await ArrangeApprovedItemsAsync(inner);
        var changed = itemIds[1];
        var store = new ChangeBeforeFirstBatchWrite(inner, async () =>
        {
            // Another process rewrites the approved item's content meanwhile.
            var entry = (await inner.GetAsync("queue:item:" + changed, Ct))!;
            var item = ReviewQueue.Deserialize(entry.Value);
            var body = "Hi Ana, a different note.";
            var edited = item with { ApprovedBody = body, ContentDigest = ContentDigest.Compute(item.Channel, item.ApprovedSubject!, body) };
            Assert.NotNull(await inner.CompareAndSetAsync(entry.Key, ReviewQueue.Serialize(edited), entry.Version, null, Ct));
        });

        var result = await NewBatches(store).CreateAsync(BatchMotions.Outbound, "ops", Ct);

        Assert.True(result.Succeeded, result.Refusal?.Detail);
        var batch = result.Batch!;
        var current = ReviewQueue.Deserialize((await inner.GetAsync("queue:item:" + changed, Ct))!.Value);
        Assert.True(
            !batch.Scope.ItemIds.Contains(changed) || BatchService.MatchesFrozenContent(batch, current),
            "the changed item was frozen with the content it had before the change");
        foreach (var itemId in batch.Scope.ItemIds)
        {
            Assert.True(BatchService.MatchesFrozenContent(batch, ReviewQueue.Deserialize((await inner.GetAsync("queue:item:" + itemId, Ct))!.Value)));
        }

        // An item left out is not claimed, so the next batch takes it.
        if (!batch.Scope.ItemIds.Contains(changed))
        {
            Assert.Null(await inner.GetAsync("batch:item:" + changed, Ct));
        }
    }

    [Fact]
    public async Task CreateAsync_ItemClaimedByAnotherBatchBetweenReadAndCommit_IsLeftOutAndTheRestIsBatched()
    {
        var inner = new InMemoryStateStore(_time);
        var itemIds = await ArrangeApprovedItemsAsync(inner);
        var taken = itemIds[0];
        var store = new ChangeBeforeFirstBatchWrite(inner, async () =>
            Assert.True(await inner.TryInsertAsync("batch:item:" + taken, Encoding.UTF8.GetBytes("\"batch-elsewhere\""), null, Ct)));

        var result = await NewBatches(store).CreateAsync(BatchMotions.Outbound, "ops", Ct);

        Assert.True(result.Succeeded, result.Refusal?.Detail);
        Assert.Equal(itemIds.Skip(1), result.Batch!.Scope.ItemIds.Order(StringComparer.Ordinal));
        Assert.Equal("\"batch-elsewhere\"", Encoding.UTF8.GetString((await inner.GetAsync("batch:item:" + taken, Ct))!.Value.Span));
    }

    [Fact]
    public async Task CreateAsync_CommitConflictsEveryTime_IsRefusedContendedAndWritesNothing()
    {
        var inner = new InMemoryStateStore(_time);
        await ArrangeApprovedItemsAsync(inner);

        var result = await NewBatches(new BatchRecordAlwaysTaken(inner)).CreateAsync(BatchMotions.Outbound, "ops", Ct);

        Assert.Equal(BatchRefusals.Contended, result.Refusal?.Code);
        await foreach (var key in inner.ListKeysAsync("batch:", Ct))
        {
            Assert.Fail($"{key} was written although no batch was created");
        }
    }

    [Fact]
    public async Task CreateAsync_AndHygiene_UnreadableItem_IsQuarantinedAndTheOthersAreBatched()
    {
        var store = new InMemoryStateStore(_time);
        var itemIds = await ArrangeApprovedItemsAsync(store);
        var corrupt = itemIds[1];
        await store.PutAsync("queue:item:" + corrupt, Encoding.UTF8.GetBytes("\"not a review item\""), null, Ct);
        var unreadable = new UnreadableRecords();
        var sut = new BatchService(store, NewQueue(store), new AuditLog(store), new StateAlertPublisher(store, NullLogger<StateAlertPublisher>.Instance), _time, Options.Create(new BatchOptions()), unreadable);

        var result = await sut.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        Assert.Equal(0, await sut.ReleaseOrphanedClaimsAsync(Ct));

        Assert.True(result.Succeeded, result.Refusal?.Detail);
        Assert.Equal(itemIds.Where(id => id != corrupt), result.Batch!.Scope.ItemIds.Order(StringComparer.Ordinal));
        Assert.Contains(unreadable.Snapshot(), r => r.Key == "queue:item:" + corrupt);
        Assert.Null(await store.GetAsync("batch:item:" + corrupt, Ct));
    }

    private FileStateStore NewStore(string path, IFileSystem? fileSystem = null) =>
        new(new FileStateStoreOptions { Directory = path }, _time, fileSystem);

    private ReviewQueue NewQueue(IStateStore store) =>
        new(store, EmailCanonicalizer.Default, _time, new AuditLog(store), Options.Create(new ReviewOptions()));

    private BatchService NewBatches(IStateStore store) =>
        new(store, NewQueue(store), new AuditLog(store), new StateAlertPublisher(store, NullLogger<StateAlertPublisher>.Instance), _time, Options.Create(new BatchOptions()));

    private async Task<List<string>> ArrangeApprovedItemsAsync(IStateStore store)
    {
        var queue = NewQueue(store);
        List<string> ids = [];
        foreach (var email in new[] { "ana@alpha.io", "ben@beta.io", "cy@gamma.io" }.Take(Items))
        {
            var enqueued = await queue.EnqueueAsync(DispatchHarness.Draft(email), cancellationToken: Ct);
            Assert.True(enqueued.Accepted, enqueued.Refusal?.Detail);
            Assert.True((await queue.ApproveAsync(enqueued.Item!.Id, new ApproveRequest(), "reviewer", Ct)).Succeeded);
            ids.Add(enqueued.Item.Id);
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every claim names a batch that exists and lists the item; every approved item is claimed by
    /// such a batch or unclaimed; every batch is in exactly the status index of its status, and every
    /// index member has its record. Returns the batches by id.
    /// </summary>
    private static async Task<Dictionary<string, DispatchBatch>> AssertConsistentAsync(IStateStore store, IReadOnlyList<string> itemIds, string context)
    {
        var batches = new Dictionary<string, DispatchBatch>(StringComparer.Ordinal);
        await foreach (var key in store.ListKeysAsync("batch:record:", Ct))
        {
            var batch = (await store.GetJsonAsync(key, DispatchBatchJsonContext.Default.DispatchBatch, Ct))!.Value.Value;
            batches[batch.Id] = batch;
        }

        await foreach (var key in store.ListKeysAsync("batch:item:", Ct))
        {
            var itemId = key["batch:item:".Length..];
            var owner = JsonSerializer.Deserialize<string>((await store.GetAsync(key, Ct))!.Value.Span)!;
            Assert.True(batches.TryGetValue(owner, out var batch), $"{context}: {key} names the missing batch {owner}");
            Assert.True(batch.Scope.ItemIds.Contains(itemId), $"{context}: {key} names batch {owner}, whose scope does not list the item");
            var item = ReviewQueue.Deserialize((await store.GetAsync("queue:item:" + itemId, Ct))!.Value);
            Assert.False(
                item.Status == ReviewStatus.Approved && batch.Status is BatchStatus.Rejected or BatchStatus.Expired or BatchStatus.Executed,
                $"{context}: approved item {itemId} is held by the finished batch {owner}");
        }

        foreach (var itemId in itemIds)
        {
            var item = ReviewQueue.Deserialize((await store.GetAsync("queue:item:" + itemId, Ct))!.Value);
            Assert.Equal(ReviewStatus.Approved, item.Status);
        }

        foreach (var status in Enum.GetValues<BatchStatus>())
        {
            var index = "batch:status:" + status.ToString().ToLowerInvariant();
            var members = await store.IndexRangeAsync(index, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
            foreach (var member in members)
            {
                Assert.True(batches.TryGetValue(member.Member, out var batch), $"{context}: {index} lists {member.Member} without a record");
                Assert.True(batch.Status == status, $"{context}: {index} lists {member.Member}, which is {batch.Status}");
            }

            foreach (var batch in batches.Values.Where(b => b.Status == status))
            {
                Assert.True(members.Any(m => m.Member == batch.Id), $"{context}: {batch.Id} is {status} but not in {index}");
            }
        }

        return batches;
    }

    private static async Task<List<AuditRecord>> ReadAuditAsync(IStateStore store)
    {
        List<AuditRecord> records = [];
        await foreach (var record in new AuditLog(store).ReadAsync(cancellationToken: Ct))
        {
            records.Add(record);
        }

        return records;
    }

    private static async Task<List<AlertEvent>> ReadAlertsAsync(IStateStore store)
    {
        List<AlertEvent> alerts = [];
        await foreach (var (_, alert) in store.ReadLogJsonAsync(StateAlertPublisher.LogName, AlertJsonContext.Default.AlertEvent, cancellationToken: Ct))
        {
            alerts.Add(alert);
        }

        return alerts;
    }

    /// <summary>Runs <paramref name="change"/> once, just before the first write to a <c>batch:</c> key.</summary>
    private sealed class ChangeBeforeFirstBatchWrite(IStateStore inner, Func<Task> change) : DelegatingStateStore(inner)
    {
        private Func<Task>? _change = change;

        protected override async ValueTask BeforeWriteAsync(string key)
        {
            if (key.StartsWith("batch:", StringComparison.Ordinal) && Interlocked.Exchange(ref _change, null) is { } run)
            {
                await run();
            }
        }
    }

    /// <summary>Every commit that creates a batch record fails on it, as if another batch had taken that id.</summary>
    private sealed class BatchRecordAlwaysTaken(IStateStore inner) : DelegatingStateStore(inner)
    {
        public override ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default) =>
            transaction.Conditions.FirstOrDefault(c => c.Key.StartsWith("batch:record:", StringComparison.Ordinal)) is { Key: not null } taken
                ? ValueTask.FromResult(StateCommitResult.Conflict(taken, 1))
                : base.CommitAsync(transaction, cancellationToken);
    }
}
