using System.IO.Abstractions;
using System.Text.Json;
using Caio.Audit;
using Caio.Core.Tests.State;
using Caio.Dedup;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Review;

/// <summary>
/// The review queue under a <c>kill -9</c>: the file store of a "process" dies at every file-system
/// operation of an enqueue or a review decision in turn (including every step inside a multi-key
/// commit), then a restarted process opens the same directory. Whatever the crash point: a draft the
/// caller was told about exists, no duplicate marker is left without its draft, every status index
/// agrees with the records, and the lead can still be queued.
/// </summary>
public sealed class ReviewQueueCrashTests
{
    private const int MaxOperations = 400;

    private readonly FakeTimeProvider _time = new(TestClock.Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnqueueAsync_CrashAtEveryFileOperation_LeavesAWholeDraftOrNone()
    {
        var completed = false;
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var faults = new CrashingFileSystem(crashAt);
            EnqueueResult? acknowledged = null;
            try
            {
                var result = await NewQueue(directory.Path, faults).EnqueueAsync(ReviewQueueTests.Draft("ana@example.com", "Hello"), cancellationToken: Ct);
                Assert.True(result.Accepted);
                acknowledged = result;
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var store = NewStore(directory.Path);
            await AssertConsistentAsync(store, $"crash at operation {crashAt}");
            var items = await ListItemsAsync(store);
            if (acknowledged?.Item is { } item)
            {
                Assert.Equal([item.Id], items.Select(i => i.Id));
            }

            // The restarted process can queue the lead: it is refused as a duplicate only when its draft is there.
            var again = await NewQueue(store).EnqueueAsync(ReviewQueueTests.Draft("ana@example.com", "Hello"), cancellationToken: Ct);
            Assert.True(again.Accepted == (items.Count == 0), $"crash at operation {crashAt}: retry {again.Refusal?.Code}, {items.Count} drafts before");
            Assert.Single(await ListItemsAsync(store));
            await AssertConsistentAsync(store, $"crash at operation {crashAt}, after the retry");
        }

        Assert.True(completed, "the enqueue completed within the operation budget, so every crash point was visited");
    }

    /// <summary>
    /// Group commit: a crash anywhere in <see cref="ReviewQueue.EnqueueManyAsync"/> leaves the whole
    /// group of new drafts or none of it, and never touches an earlier group.
    /// </summary>
    [Fact]
    public async Task EnqueueManyAsync_CrashAtEveryFileOperation_LeavesTheWholeGroupOrNoneAndEarlierGroupsIntact()
    {
        string[] earlier = ["a@example.com", "b@example.com", "c@example.com"];
        string[] group = ["d@example.com", "e@example.com", "f@example.com", "g@example.com"];
        var completed = false;
        var outcomes = new HashSet<int>();
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var before = await NewQueue(NewStore(directory.Path)).EnqueueManyAsync([.. earlier.Select(e => ReviewQueueTests.Draft(e, "Hello"))], cancellationToken: Ct);
            Assert.All(before, r => Assert.True(r.Accepted));

            // The group repeats one earlier draft and one of its own: both are refused as duplicates.
            var drafts = group.Append("a@example.com").Append("d@example.com").Select(e => ReviewQueueTests.Draft(e, "Hello")).ToArray();
            var faults = new CrashingFileSystem(crashAt);
            IReadOnlyList<EnqueueResult>? acknowledged = null;
            try
            {
                acknowledged = await NewQueue(directory.Path, faults).EnqueueManyAsync(drafts, cancellationToken: Ct);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var context = $"crash at operation {crashAt}";
            var store = NewStore(directory.Path);
            await AssertConsistentAsync(store, context);
            var recipients = (await ListItemsAsync(store)).Select(i => i.RecipientEmail).Order(StringComparer.Ordinal).ToList();
            Assert.True(earlier.All(recipients.Contains), $"{context}: an earlier group lost a draft");
            var fromGroup = recipients.Count - earlier.Length;
            Assert.True(fromGroup is 0 || fromGroup == group.Length, $"{context}: {fromGroup} of {group.Length} drafts of the group were queued");
            outcomes.Add(fromGroup);
            if (acknowledged is not null)
            {
                Assert.Equal(group.Length, fromGroup);
                Assert.Equal(["duplicate", "duplicate"], acknowledged.Skip(group.Length).Select(r => r.Refusal?.Code));
            }
        }

        Assert.True(completed, "the group completed within the operation budget, so every crash point was visited");
        Assert.Equal([0, group.Length], outcomes.Order());
    }

    [Theory]
    [InlineData(ReviewStatus.Approved)]
    [InlineData(ReviewStatus.Rejected)]
    public async Task Decision_CrashAtEveryFileOperation_ItemAndIndexesAgree(ReviewStatus decision)
    {
        var completed = false;
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var id = (await NewQueue(NewStore(directory.Path)).EnqueueAsync(ReviewQueueTests.Draft("ana@example.com", "Hello"), cancellationToken: Ct)).Item!.Id;
            var faults = new CrashingFileSystem(crashAt);
            DecisionResult? acknowledged = null;
            try
            {
                var result = await DecideAsync(NewQueue(directory.Path, faults), id, decision);
                Assert.True(result.Succeeded);
                acknowledged = result;
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var store = NewStore(directory.Path);
            await AssertConsistentAsync(store, $"crash at operation {crashAt}");
            var item = Assert.Single(await ListItemsAsync(store));
            Assert.Contains(item.Status, new[] { ReviewStatus.Pending, decision });
            if (acknowledged is not null)
            {
                Assert.Equal(decision, item.Status);
            }

            // The restarted process can finish the decision.
            if (item.Status == ReviewStatus.Pending)
            {
                Assert.True((await DecideAsync(NewQueue(store), id, decision)).Succeeded);
                await AssertConsistentAsync(store, $"crash at operation {crashAt}, after the retry");
            }
        }

        Assert.True(completed, "the decision completed within the operation budget, so every crash point was visited");
    }

    /// <summary>
    /// Group commit of approvals (the sandbox approve stage): a crash anywhere in
    /// <see cref="ReviewQueue.ApproveManyAsync"/> leaves every item of the group approved or every item
    /// pending, an earlier group's approvals intact, and the audit trail with whole records only — never
    /// an approval record for an item that is not approved.
    /// </summary>
    [Fact]
    public async Task ApproveManyAsync_CrashAtEveryFileOperation_ApprovesTheWholeGroupOrNone()
    {
        string[] earlier = ["a@example.com", "b@example.com"];
        string[] group = ["c@example.com", "d@example.com", "e@example.com", "f@example.com", "g@example.com"];
        var completed = false;
        var outcomes = new HashSet<int>();
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var setup = NewQueue(NewStore(directory.Path));
            var queued = await setup.EnqueueManyAsync([.. earlier.Concat(group).Select(e => ReviewQueueTests.Draft(e, "Hello"))], cancellationToken: Ct);
            var ids = queued.Select(r => r.Item!.Id).ToArray();
            Assert.All(await setup.ApproveManyAsync(ids[..earlier.Length], new ApproveRequest(), "reviewer", Ct), r => Assert.True(r.Succeeded));

            var faults = new CrashingFileSystem(crashAt);
            IReadOnlyList<DecisionResult>? acknowledged = null;
            try
            {
                acknowledged = await NewQueue(directory.Path, faults).ApproveManyAsync(ids[earlier.Length..], new ApproveRequest(), "reviewer", Ct);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var context = $"crash at operation {crashAt}";
            var store = NewStore(directory.Path);
            await AssertConsistentAsync(store, context);
            var items = (await ListItemsAsync(store)).ToDictionary(i => i.Id, StringComparer.Ordinal);
            Assert.All(ids[..earlier.Length], id => Assert.Equal(ReviewStatus.Approved, items[id].Status));
            var approved = ids[earlier.Length..].Count(id => items[id].Status == ReviewStatus.Approved);
            Assert.True(approved is 0 || approved == group.Length, $"{context}: {approved} of {group.Length} items of the group were approved");
            Assert.All(ids[earlier.Length..], id => Assert.Contains(items[id].Status, new[] { ReviewStatus.Pending, ReviewStatus.Approved }));
            outcomes.Add(approved);
            if (acknowledged is not null)
            {
                Assert.All(acknowledged, r => Assert.True(r.Succeeded));
                Assert.Equal(group.Length, approved);
            }

            // Whole audit records only, and an approval is audited only for an approved item.
            var audit = new AuditLog(store);
            await foreach (var record in audit.ReadAsync(cancellationToken: Ct))
            {
                if (record.Action == AuditActions.ReviewApproved)
                {
                    Assert.True(items[record.ItemId!].Status == ReviewStatus.Approved, $"{context}: approval audited for {record.ItemId}, which is {items[record.ItemId!].Status}");
                }
            }

            // The restarted process can approve what the crash left pending.
            if (approved == 0)
            {
                Assert.All(await NewQueue(store).ApproveManyAsync(ids[earlier.Length..], new ApproveRequest(), "reviewer", Ct), r => Assert.True(r.Succeeded));
                await AssertConsistentAsync(store, $"{context}, after the retry");
            }
        }

        Assert.True(completed, "the group completed within the operation budget, so every crash point was visited");
        Assert.Equal([0, group.Length], outcomes.Order());
    }

    private static ValueTask<DecisionResult> DecideAsync(ReviewQueue queue, string id, ReviewStatus decision) =>
        decision == ReviewStatus.Approved
            ? queue.ApproveAsync(id, new ApproveRequest(), "reviewer", Ct)
            : queue.RejectAsync(id, "not our segment", "icp_mismatch", "reviewer", Ct);

    private FileStateStore NewStore(string path, IFileSystem? fileSystem = null) =>
        new(new FileStateStoreOptions { Directory = path }, _time, fileSystem);

    private ReviewQueue NewQueue(string path, IFileSystem fileSystem) => NewQueue(NewStore(path, fileSystem));

    private ReviewQueue NewQueue(IStateStore store) =>
        new(store, EmailCanonicalizer.Default, _time, new AuditLog(store), Options.Create(new ReviewOptions()));

    private static async Task<List<ReviewItem>> ListItemsAsync(IStateStore store)
    {
        List<ReviewItem> items = [];
        await foreach (var key in store.ListKeysAsync("queue:item:", Ct))
        {
            items.Add(ReviewQueue.Deserialize((await store.GetAsync(key, Ct))!.Value));
        }

        return items;
    }

    /// <summary>Every marker has its draft; every draft is in exactly the index of its status, and every index member has its record.</summary>
    private static async Task AssertConsistentAsync(IStateStore store, string context)
    {
        var items = (await ListItemsAsync(store)).ToDictionary(i => i.Id, StringComparer.Ordinal);
        await foreach (var marker in store.ListKeysAsync("queue:dedup:", Ct))
        {
            var owner = JsonSerializer.Deserialize<string>((await store.GetAsync(marker, Ct))!.Value.Span);
            Assert.True(items.ContainsKey(owner!), $"{context}: duplicate marker {marker} without its draft {owner}");
        }

        foreach (var status in Enum.GetValues<ReviewStatus>())
        {
            var members = await store.IndexRangeAsync(ReviewQueue.StatusIndex(status), double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
            foreach (var member in members)
            {
                Assert.True(items.TryGetValue(member.Member, out var item), $"{context}: {status} index lists {member.Member} without a record");
                Assert.True(item.Status == status, $"{context}: {status} index lists {member.Member}, which is {item.Status}");
            }

            foreach (var item in items.Values.Where(i => i.Status == status))
            {
                Assert.True(members.Any(m => m.Member == item.Id), $"{context}: {item.Id} is {status} but not in its index");
            }
        }
    }
}
