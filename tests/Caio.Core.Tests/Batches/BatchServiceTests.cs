using Caio.Audit;
using Caio.Batches;
using Caio.Core.Tests.Dispatch;
using Caio.Core.Tests.State;
using Caio.Dedup;
using Caio.Leads;
using Caio.Notifications;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Batches;

public sealed class BatchServiceTests : IDisposable
{
    private const string Executor = "worker-1";

    private readonly DispatchHarness _harness = DispatchHarness.InMemory();

    private BatchService Sut => _harness.Batches;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task CreateAsync_MixedQueue_FreezesOnlyApprovedItemsOfTheMotion()
    {
        var ana = await _harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await _harness.ApprovedItemAsync("ben@beta.io", channel: Channel.LinkedIn, linkedInUrl: "https://www.linkedin.com/in/ben");
        await _harness.EnqueueAsync("pending@gamma.io");
        var followUp = await _harness.ApprovedItemAsync("cleo@delta.io", step: 2);

        var result = await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct);

        Assert.True(result.Succeeded);
        var batch = result.Batch!;
        Assert.Equal(BatchStatus.Pending, batch.Status);
        Assert.Equal(BatchMotions.Outbound, batch.Motion);
        Assert.Equal(new[] { ana.Id, ben.Id }.Order(StringComparer.Ordinal), batch.Scope.ItemIds.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        Assert.DoesNotContain(followUp.Id, batch.Scope.ItemIds);
        Assert.Equal(ana.ContentDigest, batch.Scope.ContentDigests![ana.Id]);
        Assert.Equal(ben.ContentDigest, batch.Scope.ContentDigests[ben.Id]);
        var benAction = Assert.Single(batch.Scope.Actions, a => a.ActionId == BatchService.ActionId(ben.Id, 1));
        Assert.Equal(new BatchAction(BatchService.ActionId(ben.Id, 1), "ben@beta.io", Channel.LinkedIn, 1, 1), benAction);
        Assert.Equal(DispatchHarness.Monday10Utc, batch.CreatedAt);
        Assert.Equal(DispatchHarness.Monday10Utc.AddHours(24), batch.ExpiresAt);
        Assert.Equal("ops", batch.CreatedBy);
        Assert.Contains(await _harness.ReadAuditAsync(), r => r.Action == AuditActions.BatchCreated && r.BatchId == batch.Id);

        var cadence = await Sut.CreateAsync(BatchMotions.Cadence, "ops", Ct);
        Assert.Equal([followUp.Id], cadence.Batch!.Scope.ItemIds);
    }

    [Fact]
    public async Task CreateAsync_ItemApprovedAfterCreation_WaitsForTheNextBatch()
    {
        var early = await _harness.ApprovedItemAsync("ana@alpha.io");
        var late = await _harness.EnqueueAsync("ben@beta.io");
        var first = (await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;

        await _harness.Queue.ApproveAsync(late.Id, new ApproveRequest(), "reviewer", Ct);
        var second = await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        var third = await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct);

        Assert.Equal([early.Id], first.Scope.ItemIds);
        Assert.Equal([late.Id], second.Batch!.Scope.ItemIds);
        Assert.Equal(BatchRefusals.NothingToBatch, third.Refusal?.Code);
        Assert.Equal([early.Id], (await Sut.GetAsync(first.Id, Ct))!.Scope.ItemIds);
    }

    [Fact]
    public async Task CreateAsync_ChosenItemsAlreadyInAnOpenBatch_AreNotPutInASecondOne()
    {
        var ana = await _harness.ApprovedItemAsync("ana@alpha.io");
        var ben = await _harness.ApprovedItemAsync("ben@beta.io");
        await Sut.CreateAsync(BatchMotions.Outbound, "ops", [ana.Id], Ct);

        var second = await Sut.CreateAsync(BatchMotions.Outbound, "ops", [ana.Id, ben.Id], Ct);
        var third = await Sut.CreateAsync(BatchMotions.Outbound, "ops", [ana.Id], Ct);

        Assert.Equal([ben.Id], second.Batch!.Scope.ItemIds);
        Assert.Equal(BatchRefusals.NothingToBatch, third.Refusal?.Code);
    }

    [Fact]
    public async Task CreateAsync_UnknownMotion_RefusedInvalidMotion()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");

        var result = await Sut.CreateAsync((BatchMotion)7, "ops", Ct);

        Assert.Equal(BatchRefusals.InvalidMotion, result.Refusal?.Code);
    }

    [Fact]
    public async Task CreateAsync_PreviewHash_MatchesPreviewHashOfTheStoredScope()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        await _harness.ApprovedItemAsync("ben@beta.io", step: 1, subject: "Other");

        var batch = (await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;
        var stored = (await Sut.GetAsync(batch.Id, Ct))!;

        Assert.Equal(PreviewHash.Compute(batch.Scope), batch.PreviewHash);
        Assert.Equal(64, batch.PreviewHash.Length);
        Assert.Equal(batch.PreviewHash, stored.PreviewHash);
        Assert.Equal(batch.PreviewHash, PreviewHash.Compute(stored.Scope));
    }

    [Fact]
    public async Task ApproveAsync_PendingBatch_RecordsApproverAndTime()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = (await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;
        _harness.Time.Advance(TimeSpan.FromMinutes(7));

        var result = await Sut.ApproveAsync(batch.Id, "head-of-sales", Ct);
        var again = await Sut.ApproveAsync(batch.Id, "someone-else", Ct);

        Assert.True(result.Succeeded);
        var stored = (await Sut.GetAsync(batch.Id, Ct))!;
        Assert.Equal(BatchStatus.Approved, stored.Status);
        Assert.Equal("head-of-sales", stored.ApprovedBy);
        Assert.Equal(DispatchHarness.Monday10Utc.AddMinutes(7), stored.ApprovedAt);
        Assert.Equal(BatchRefusals.InvalidStatus, again.Refusal?.Code);
        Assert.Equal("head-of-sales", (await Sut.GetAsync(batch.Id, Ct))!.ApprovedBy);
        Assert.Contains(await _harness.ReadAuditAsync(), r => r.Action == AuditActions.BatchApproved && r.Actor == "head-of-sales" && r.BatchId == batch.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RejectAsync_PendingOrApproved_RejectsAndReleasesItemsForTheNextBatch(bool approveFirst)
    {
        var ana = await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = (await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;
        if (approveFirst)
        {
            await Sut.ApproveAsync(batch.Id, "head-of-sales", Ct);
        }

        var result = await Sut.RejectAsync(batch.Id, "head-of-sales", "wrong list", Ct);
        var next = await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct);

        Assert.True(result.Succeeded);
        var stored = (await Sut.GetAsync(batch.Id, Ct))!;
        Assert.Equal(BatchStatus.Rejected, stored.Status);
        Assert.Equal("wrong list", stored.RejectionReason);
        Assert.Equal([ana.Id], next.Batch!.Scope.ItemIds);
        Assert.Equal(BatchRefusals.NotApproved, (await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct)).Refusal?.Code);
    }

    [Fact]
    public async Task RejectAsync_ExecutingOrExecutedBatch_RefusedInvalidStatus()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await _harness.ApprovedBatchAsync();
        var claimed = (await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct)).Batch!;

        var whileExecuting = await Sut.RejectAsync(batch.Id, "head-of-sales", cancellationToken: Ct);
        await Sut.CompleteExecutionAsync(claimed, [], Ct);
        var afterExecution = await Sut.RejectAsync(batch.Id, "head-of-sales", cancellationToken: Ct);

        Assert.Equal(BatchRefusals.InvalidStatus, whileExecuting.Refusal?.Code);
        Assert.Equal(BatchRefusals.InvalidStatus, afterExecution.Refusal?.Code);
        Assert.Equal(BatchStatus.Executed, (await Sut.GetAsync(batch.Id, Ct))!.Status);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_PendingBatch_RefusedBatchNotApproved()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = (await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;

        var result = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct);

        Assert.Equal(BatchRefusals.NotApproved, result.Refusal?.Code);
        Assert.Equal(BatchStatus.Pending, (await Sut.GetAsync(batch.Id, Ct))!.Status);
        Assert.Contains(await _harness.ReadAuditAsync(), r => r.Action == AuditActions.BatchExecutionRefused && r.ReasonCode == BatchRefusals.NotApproved);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_JustBeforeExpiry_Succeeds()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await _harness.ApprovedBatchAsync();
        _harness.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        var result = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct);

        Assert.True(result.Succeeded, result.Refusal?.Detail);
        Assert.Equal(BatchStatus.Executing, result.Batch!.Status);
        Assert.Equal(Executor, result.Batch.ExecutedBy);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_After24Hours_RefusedExpiredAuditedAlertedAndItemsReleased()
    {
        var ana = await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await _harness.ApprovedBatchAsync();
        _harness.Time.Advance(TimeSpan.FromHours(24));

        var result = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct);

        Assert.Equal(BatchRefusals.Expired, result.Refusal?.Code);
        Assert.Equal(BatchStatus.Expired, (await Sut.GetAsync(batch.Id, Ct))!.Status);
        var audit = await _harness.ReadAuditAsync();
        Assert.Single(audit, r => r.Action == AuditActions.BatchExpired && r.BatchId == batch.Id);
        Assert.Contains(audit, r => r.Action == AuditActions.BatchExecutionRefused && r.ReasonCode == BatchRefusals.Expired);
        var alert = Assert.Single(await _harness.ReadAlertsAsync());
        Assert.Equal("batch_expired", alert.Code);
        Assert.Equal(batch.Id, alert.BatchId);
        Assert.Equal([ana.Id], (await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!.Scope.ItemIds);
        Assert.Equal(0, await Sut.ExpireStaleAsync(Ct));
        Assert.Single(await _harness.ReadAlertsAsync());
    }

    [Fact]
    public async Task ExpireStaleAsync_PendingAndApprovedPastExpiry_ExpiresEachOnceWithAnAlert()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        var approved = await _harness.ApprovedBatchAsync();
        await _harness.ApprovedItemAsync("ben@beta.io");
        var pending = (await Sut.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;
        _harness.Time.Advance(TimeSpan.FromHours(25));

        var expired = await Sut.ExpireStaleAsync(Ct);
        var again = await Sut.ExpireStaleAsync(Ct);

        Assert.Equal(2, expired);
        Assert.Equal(0, again);
        Assert.Equal(BatchStatus.Expired, (await Sut.GetAsync(approved.Id, Ct))!.Status);
        Assert.Equal(BatchStatus.Expired, (await Sut.GetAsync(pending.Id, Ct))!.Status);
        Assert.Equal(new[] { approved.Id, pending.Id }.Order(StringComparer.Ordinal), (await _harness.ReadAlertsAsync()).Select(a => a.BatchId!).Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_SecondClaim_RefusedAlreadyExecuted()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await _harness.ApprovedBatchAsync();
        var first = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct);

        var whileExecuting = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, "worker-2", cancellationToken: Ct);
        await Sut.CompleteExecutionAsync(first.Batch!, [], Ct);
        var afterwards = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, "worker-2", resume: true, cancellationToken: Ct);

        Assert.True(first.Succeeded);
        Assert.Equal(BatchRefusals.AlreadyExecuted, whileExecuting.Refusal?.Code);
        Assert.Equal(BatchRefusals.AlreadyExecuted, afterwards.Refusal?.Code);
        Assert.Equal(Executor, (await Sut.GetAsync(batch.Id, Ct))!.ExecutedBy);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_ItemReleasedByTheBatchThenEdited_StillClaimsTheBatchForItsDeferredAction()
    {
        var released = await _harness.ApprovedItemAsync("ana@alpha.io");
        var deferred = await _harness.ApprovedItemAsync("ben@beta.io");
        var batch = await _harness.ApprovedBatchAsync();
        var first = (await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct)).Batch!;

        // The first run refuses one item (released to the approved pool) and defers the other (kept by the batch).
        var afterFirst = await Sut.CompleteExecutionAsync(first, [], [new DeferredAction(BatchService.ActionId(deferred.Id, 1), ReasonCodes.OutsideSendWindow, null)], Ct);
        Assert.Equal(BatchStatus.Approved, afterFirst.Status);

        // Back in the pool, the released item is edited and approved again: it is no longer this batch's to send.
        await EditApprovedSubjectAsync(released.Id);
        var second = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, resume: true, cancellationToken: Ct);

        Assert.Null(second.Refusal);
        Assert.Equal(BatchStatus.Executing, second.Batch!.Status);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_HeldItemEdited_RefusedHashMismatch()
    {
        var edited = await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await _harness.ApprovedBatchAsync();
        await EditApprovedSubjectAsync(edited.Id);

        var result = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct);

        Assert.Equal(BatchRefusals.HashMismatch, result.Refusal?.Code);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_OtherMotion_RefusedWrongMotion()
    {
        await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await _harness.ApprovedBatchAsync();

        var result = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Cadence, Executor, cancellationToken: Ct);

        Assert.Equal(BatchRefusals.WrongMotion, result.Refusal?.Code);
        Assert.Equal(BatchStatus.Approved, (await Sut.GetAsync(batch.Id, Ct))!.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClaimForExecutionAsync_ApprovedBodyTamperedAfterCreation_RefusedHashMismatch(bool digestRecomputed)
    {
        var ana = await _harness.ApprovedItemAsync("ana@alpha.io");
        var batch = await _harness.ApprovedBatchAsync();
        const string Tampered = "Hi Ana, please wire the fee to this account.";
        await _harness.Queue.TransitionAsync(
            ana.Id,
            item => item with { ApprovedBody = Tampered, ContentDigest = digestRecomputed ? ContentDigest.Compute(item.Channel, item.ApprovedSubject!, Tampered) : item.ContentDigest },
            Ct);

        var result = await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, Executor, cancellationToken: Ct);

        Assert.Equal(BatchRefusals.HashMismatch, result.Refusal?.Code);
        Assert.Contains(ana.Id, result.Refusal?.Detail, StringComparison.Ordinal);
        Assert.Equal(BatchStatus.Approved, (await Sut.GetAsync(batch.Id, Ct))!.Status);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_SixteenConcurrentClaims_ExactlyOneSucceeds()
    {
        for (var i = 0; i < 5; i++)
        {
            await _harness.ApprovedItemAsync($"lead{i}@alpha{i}.io");
        }

        var batch = await _harness.ApprovedBatchAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var claims = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await Sut.ClaimForExecutionAsync(batch.Id, BatchMotions.Outbound, $"worker-{i}", cancellationToken: Ct);
        }, Ct)).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Refusal?.Code.ToString(), new[] { BatchRefusals.AlreadyExecuted, BatchRefusals.ClaimedByAnother }));
        var stored = (await Sut.GetAsync(batch.Id, Ct))!;
        Assert.Equal(BatchStatus.Executing, stored.Status);
        Assert.Equal(winner.Batch!.ExecutedBy, stored.ExecutedBy);
    }

    [Fact]
    public async Task ClaimForExecutionAsync_RacingThroughSeparateFileStores_ExactlyOneSucceedsPerBatch()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var setup = FileBackedService(directory.Path, time);
        var batchIds = new List<string>();
        for (var b = 0; b < 3; b++)
        {
            for (var i = 0; i < 3; i++)
            {
                var draft = DispatchHarness.Draft($"lead{b}-{i}@firm{b}.io");
                var item = (await setup.Queue.EnqueueAsync(draft, cancellationToken: Ct)).Item!;
                await setup.Queue.ApproveAsync(item.Id, new ApproveRequest(), "reviewer", Ct);
            }

            var created = (await setup.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch!;
            await setup.Batches.ApproveAsync(created.Id, "head-of-sales", Ct);
            batchIds.Add(created.Id);
        }

        // Separate store instances share no in-process gate: only the OS file lock orders their writes.
        var contenders = Enumerable.Range(0, 6).Select(_ => FileBackedService(directory.Path, time).Batches).ToArray();
        foreach (var batchId in batchIds)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var claims = contenders.Select((service, i) => Task.Run(async () =>
            {
                await start.Task;
                return await service.ClaimForExecutionAsync(batchId, BatchMotions.Outbound, $"process-{i}", cancellationToken: Ct);
            }, Ct)).ToArray();
            start.SetResult();
            var results = await Task.WhenAll(claims);

            var winner = Assert.Single(results, r => r.Succeeded);
            Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Refusal?.Code.ToString(), new[] { BatchRefusals.AlreadyExecuted, BatchRefusals.ClaimedByAnother }));
            var stored = (await setup.Batches.GetAsync(batchId, Ct))!;
            Assert.Equal(BatchStatus.Executing, stored.Status);
            Assert.Equal(winner.Batch!.ExecutedBy, stored.ExecutedBy);
        }
    }

    /// <summary>Changes an approved item's subject, with the digest of the new text, as an edit and a new approval would.</summary>
    private Task EditApprovedSubjectAsync(string itemId) =>
        _harness.Queue.TransitionAsync(itemId, item => item with
        {
            ApprovedSubject = "Edited",
            ContentDigest = ContentDigest.Compute(item.Channel, "Edited", item.ApprovedBody!),
        }, Ct).AsTask();

    private static (IReviewQueue Queue, BatchService Batches) FileBackedService(string directory, TimeProvider time)
    {
        var store = new FileStateStore(new FileStateStoreOptions { Directory = directory, FlushToDisk = false }, time);
        var audit = new AuditLog(store);
        var queue = new ReviewQueue(store, EmailCanonicalizer.Default, time, audit, Options.Create(new ReviewOptions()));
        var alerts = new StateAlertPublisher(store, NullLogger<StateAlertPublisher>.Instance);
        return (queue, new BatchService(store, queue, audit, alerts, time, Options.Create(new BatchOptions())));
    }
}
