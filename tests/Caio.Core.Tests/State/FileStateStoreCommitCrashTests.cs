using System.Text;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// "A commit is all or nothing, also under a crash": a store on a <see cref="CrashingFileSystem"/>
/// dies at every file-system operation of a multi-key commit in turn; a fresh store on the same
/// directory (the restarted process) must then see the whole commit or none of it, however it first
/// touches the state.
/// </summary>
public sealed class FileStateStoreCommitCrashTests
{
    private const int MaxOperations = 200;
    private const int GroupExtra = 16;

    private readonly FakeTimeProvider _time = new(TestClock.Start);

    public enum FirstTouch
    {
        /// <summary>The restarted process first reads a record the commit wrote.</summary>
        ReadRecord,

        /// <summary>It first reads an index the commit changed.</summary>
        ReadIndex,

        /// <summary>It first lists the keys of a family the commit wrote.</summary>
        ListKeys,

        /// <summary>It first writes another key of one family the commit touched (a narrower lock set).</summary>
        SingleKeyWrite,

        /// <summary>It first commits again on the same keys.</summary>
        Commit,
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FirstTouch.ReadRecord, false)]
    [InlineData(FirstTouch.ReadIndex, false)]
    [InlineData(FirstTouch.ListKeys, false)]
    [InlineData(FirstTouch.SingleKeyWrite, false)]
    [InlineData(FirstTouch.Commit, false)]
    [InlineData(FirstTouch.ReadRecord, true)]
    [InlineData(FirstTouch.ReadIndex, true)]
    [InlineData(FirstTouch.ListKeys, true)]
    [InlineData(FirstTouch.SingleKeyWrite, true)]
    [InlineData(FirstTouch.Commit, true)]
    public async Task CommitAsync_CrashAtEveryFileOperation_IsAllOrNothingAfterRestart(FirstTouch firstTouch, bool group)
    {
        List<string> outcomes = [];
        for (var crashAt = 0; crashAt < MaxOperations; crashAt++)
        {
            using var directory = new TempDirectory();
            await ArrangeOldStateAsync(NewStore(directory.Path));
            var faults = new CrashingFileSystem(crashAt);
            var crashing = NewStore(directory.Path, faults);

            try
            {
                var result = await crashing.CommitAsync(NewStateTransaction(group), Ct);
                Assert.True(result.Committed);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            var sut = NewStore(directory.Path);
            var touched = await TouchAsync(sut, firstTouch, group);
            var observed = await ObserveAsync(NewStore(directory.Path), group);
            if (firstTouch == FirstTouch.Commit)
            {
                // The retry requires the pre-commit versions: it wins exactly when the first commit did
                // not happen, and either way the state is the committed one.
                Assert.Equal("new", observed);
                observed = touched == "committed" ? "old" : "new";
            }

            Assert.True(observed is "old" or "new", $"crash at operation {crashAt}: torn state {observed}");

            Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory.Path, "intents")));
            await WriteEveryFamilyAsync(sut);
            Assert.Empty(Directory.EnumerateFiles(directory.Path, "*.tmp", SearchOption.AllDirectories));
            outcomes.Add(observed);
            if (!faults.Crashed)
            {
                break;
            }
        }

        // Every boundary was visited (the last run completed), the outcome flips from old to new once
        // (at the intent's rename) and never back.
        Assert.Equal("new", outcomes[^1]);
        Assert.Contains("old", outcomes);
        var firstNew = outcomes.IndexOf("new");
        Assert.All(outcomes.Skip(firstNew), outcome => Assert.Equal("new", outcome));
        Assert.True(outcomes.Count - firstNew > 3, "the crash points after the intent is durable are covered");
    }

    /// <summary>
    /// A process that was already running — it has read the state, so it has found <c>intents/</c>
    /// empty once and reads without listing it again while the shared intent counter stands still —
    /// must still see another process's crashed commit whole or not at all.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CommitAsync_CrashAtEveryFileOperation_IsAllOrNothingForARunningReader(bool group)
    {
        List<string> outcomes = [];
        for (var crashAt = 0; crashAt < MaxOperations; crashAt++)
        {
            using var directory = new TempDirectory();
            var running = NewStore(directory.Path);
            await ArrangeOldStateAsync(running);
            Assert.Equal("old", await ObserveAsync(running, group));
            var faults = new CrashingFileSystem(crashAt);
            try
            {
                Assert.True((await NewStore(directory.Path, faults).CommitAsync(NewStateTransaction(group), Ct)).Committed);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The other process died here.
            }

            var observed = await ObserveAsync(running, group);
            Assert.True(observed is "old" or "new", $"crash at operation {crashAt}: torn state {observed}");
            outcomes.Add(observed);
            if (!faults.Crashed)
            {
                break;
            }
        }

        Assert.Equal("new", outcomes[^1]);
        Assert.Contains("old", outcomes);
    }

    private FileStateStore NewStore(string path, System.IO.Abstractions.IFileSystem? fileSystem = null) =>
        new(new FileStateStoreOptions { Directory = path }, _time, fileSystem);

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    private static async Task ArrangeOldStateAsync(FileStateStore store)
    {
        await store.PutAsync("queue:item:1", Json("""{"status":"pending"}"""), cancellationToken: Ct);
        await store.PutAsync("other:stale", Json("{}"), cancellationToken: Ct);
        await store.IndexAddAsync("queue:status:pending", "1", 10, Ct);

        // Records of the same family in its segments (a group commit), two of which the commit deletes.
        var group = new StateTransaction();
        for (var i = 0; i < GroupExtra; i++)
        {
            group.Put($"other:segment:{i}", Json("{}"));
        }

        Assert.True((await store.CommitAsync(group, Ct)).Committed);
    }

    /// <summary>
    /// Moves item 1 from pending to approved, inserts a marker, deletes three records of another family (one
    /// document, two in the segments); as a group (written to the record segments, decision 0012) it also
    /// inserts <see cref="GroupExtra"/> records.
    /// </summary>
    private static StateTransaction NewStateTransaction(bool group)
    {
        var transaction = new StateTransaction()
            .RequireVersion("queue:item:1", 1)
            .Put("queue:item:1", Json("""{"status":"approved"}"""))
            .RequireVersion("queue:dedup:1", 0)
            .Put("queue:dedup:1", Json("\"1\""))
            .Delete("other:stale")
            .Delete("other:segment:0")
            .Delete("other:segment:1")
            .IndexRemove("queue:status:pending", "1")
            .IndexAdd("queue:status:approved", "1", 10);
        for (var i = 0; group && i < GroupExtra; i++)
        {
            transaction.RequireVersion($"queue:bulk:{i}", 0).Put($"queue:bulk:{i}", Json("{}"));
        }

        return transaction;
    }

    private static async Task<string> TouchAsync(FileStateStore store, FirstTouch touch, bool group)
    {
        switch (touch)
        {
            case FirstTouch.ReadRecord:
                await store.GetAsync("queue:dedup:1", Ct);
                return "read";
            case FirstTouch.ReadIndex:
                await store.IndexRangeAsync("queue:status:approved", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
                return "read";
            case FirstTouch.ListKeys:
                await foreach (var key in store.ListKeysAsync("other:", Ct))
                {
                    _ = key;
                }

                return "read";
            case FirstTouch.SingleKeyWrite:
                await store.PutAsync("other:unrelated", Json("{}"), cancellationToken: Ct);
                return "write";
            default:
                var result = await store.CommitAsync(NewStateTransaction(group), Ct);
                return result.Committed ? "committed" : "conflict";
        }
    }

    /// <summary>"old", "new", or a description of a torn state.</summary>
    private static async Task<string> ObserveAsync(FileStateStore store, bool group)
    {
        var bulk = 0;
        for (var i = 0; i < GroupExtra; i++)
        {
            bulk += await store.GetAsync($"queue:bulk:{i}", Ct) is null ? 0 : 1;
        }

        var listed = 0;
        await foreach (var key in store.ListKeysAsync("queue:bulk:", Ct))
        {
            listed += key.Length > 0 ? 1 : 0;
        }

        if (bulk != listed || bulk != (group && await store.GetAsync("queue:dedup:1", Ct) is not null ? GroupExtra : 0))
        {
            return $"bulk records read={bulk} listed={listed}";
        }

        var item = await store.GetAsync("queue:item:1", Ct);
        var marker = await store.GetAsync("queue:dedup:1", Ct);
        var stale = await store.GetAsync("other:stale", Ct);
        var segmentRecords = (await store.GetAsync("other:segment:0", Ct) is null ? 0 : 1) + (await store.GetAsync("other:segment:1", Ct) is null ? 0 : 1);
        var pending = await store.IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
        var approved = await store.IndexRangeAsync("queue:status:approved", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
        var state = $"item={Text(item!.Value)}@{item.Version} marker={marker is not null} stale={stale is not null} segment={segmentRecords} pending={pending.Count} approved={approved.Count}";
        return state switch
        {
            """item={"status":"pending"}@1 marker=False stale=True segment=2 pending=1 approved=0""" => "old",
            """item={"status":"approved"}@2 marker=True stale=False segment=0 pending=0 approved=1""" => "new",
            _ => state,
        };
    }

    private static async Task WriteEveryFamilyAsync(FileStateStore store)
    {
        await store.PutAsync("queue:after", Json("{}"), cancellationToken: Ct);
        await store.PutAsync("other:after", Json("{}"), cancellationToken: Ct);
        await store.IndexAddAsync("queue:after", "a", 1, Ct);
    }
}
