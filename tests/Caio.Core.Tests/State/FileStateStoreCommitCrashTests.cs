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
    [InlineData(FirstTouch.ReadRecord)]
    [InlineData(FirstTouch.ReadIndex)]
    [InlineData(FirstTouch.ListKeys)]
    [InlineData(FirstTouch.SingleKeyWrite)]
    [InlineData(FirstTouch.Commit)]
    public async Task CommitAsync_CrashAtEveryFileOperation_IsAllOrNothingAfterRestart(FirstTouch firstTouch)
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
                var result = await crashing.CommitAsync(NewStateTransaction(), Ct);
                Assert.True(result.Committed);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            var sut = NewStore(directory.Path);
            var touched = await TouchAsync(sut, firstTouch);
            var observed = await ObserveAsync(NewStore(directory.Path));
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
    [Fact]
    public async Task CommitAsync_CrashAtEveryFileOperation_IsAllOrNothingForARunningReader()
    {
        List<string> outcomes = [];
        for (var crashAt = 0; crashAt < MaxOperations; crashAt++)
        {
            using var directory = new TempDirectory();
            var running = NewStore(directory.Path);
            await ArrangeOldStateAsync(running);
            Assert.Equal("old", await ObserveAsync(running));
            var faults = new CrashingFileSystem(crashAt);
            try
            {
                Assert.True((await NewStore(directory.Path, faults).CommitAsync(NewStateTransaction(), Ct)).Committed);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The other process died here.
            }

            var observed = await ObserveAsync(running);
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
    }

    /// <summary>Moves item 1 from pending to approved, inserts a marker, deletes a record of another family.</summary>
    private static StateTransaction NewStateTransaction() => new StateTransaction()
        .RequireVersion("queue:item:1", 1)
        .Put("queue:item:1", Json("""{"status":"approved"}"""))
        .RequireVersion("queue:dedup:1", 0)
        .Put("queue:dedup:1", Json("\"1\""))
        .Delete("other:stale")
        .IndexRemove("queue:status:pending", "1")
        .IndexAdd("queue:status:approved", "1", 10);

    private static async Task<string> TouchAsync(FileStateStore store, FirstTouch touch)
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
                var result = await store.CommitAsync(NewStateTransaction(), Ct);
                return result.Committed ? "committed" : "conflict";
        }
    }

    /// <summary>"old", "new", or a description of a torn state.</summary>
    private static async Task<string> ObserveAsync(FileStateStore store)
    {
        var item = await store.GetAsync("queue:item:1", Ct);
        var marker = await store.GetAsync("queue:dedup:1", Ct);
        var stale = await store.GetAsync("other:stale", Ct);
        var pending = await store.IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
        var approved = await store.IndexRangeAsync("queue:status:approved", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
        var state = $"item={Text(item!.Value)}@{item.Version} marker={marker is not null} stale={stale is not null} pending={pending.Count} approved={approved.Count}";
        return state switch
        {
            """item={"status":"pending"}@1 marker=False stale=True pending=1 approved=0""" => "old",
            """item={"status":"approved"}@2 marker=True stale=False pending=0 approved=1""" => "new",
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
