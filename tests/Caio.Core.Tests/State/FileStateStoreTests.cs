using System.Text;
using Caio.State;

namespace Caio.Core.Tests.State;

/// <summary>
/// Runs the contract against <see cref="FileStateStore"/> on a real temporary directory. Every
/// <see cref="CreateStore"/> call opens a new instance on the same directory.
/// </summary>
public sealed class FileStateStoreTests : StateStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override IStateStore CreateStore() => NewStore();

    private FileStateStore NewStore() => new(new FileStateStoreOptions { Directory = _directory.Path }, Time);

    private string PathOf(params string[] parts) => Path.Combine([_directory.Path, .. parts]);

    [Fact]
    public async Task PutAsync_Record_WritesOneDocumentUnderItsFamily()
    {
        var sut = NewStore();

        await sut.PutAsync("queue:item:Ab1", Json("""{"x":[1,2]}"""), Time.GetUtcNow().AddDays(1), Ct);

        var file = PathOf("records", "queue", "queue%3Aitem%3A%41b1.json");
        Assert.True(File.Exists(file));
        var text = await File.ReadAllTextAsync(file, Ct);
        Assert.Contains("\"key\":\"queue:item:Ab1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"version\":1", text, StringComparison.Ordinal);
        Assert.Contains("\"expiresAt\":\"2026-01-06T09:00:00+00:00\"", text, StringComparison.Ordinal);
        Assert.Contains("\"value\":{\"x\":[1,2]}", text, StringComparison.Ordinal);
        Assert.Equal(_directory.Path, sut.RootDirectory);
    }

    [Fact]
    public async Task Layout_CountersIndexesLeasesAndLogs_LiveInTheirOwnFolders()
    {
        var sut = NewStore();

        await sut.IncrementAsync("cap:daily:2026-01-05", 1, 10, cancellationToken: Ct);
        await sut.IndexAddAsync("queue:pending", "m", 1, Ct);
        await sut.TryAcquireLeaseAsync("dispatch:live", TimeSpan.FromMinutes(1), Ct);
        await sut.AppendAsync("audit", Json("{}"), Ct);

        Assert.True(File.Exists(PathOf("counters", "cap", "cap%3Adaily%3A2026-01-05.json")));
        Assert.True(File.Exists(PathOf("indexes", "queue", "queue%3Apending.json")));
        Assert.True(File.Exists(PathOf("leases", "dispatch", "dispatch%3Alive.json")));
        Assert.Equal("{}\n", await File.ReadAllTextAsync(PathOf("logs", "audit.jsonl"), Ct));
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task GetAsync_KeysDifferingOnlyInCase_AreDistinctRecords()
    {
        var sut = NewStore();

        await sut.PutAsync("queue:item:A", Json("\"upper\""), cancellationToken: Ct);
        await sut.PutAsync("queue:item:a", Json("\"lower\""), cancellationToken: Ct);

        Assert.Equal("\"upper\"", Text((await sut.GetAsync("queue:item:A", Ct))!.Value));
        Assert.Equal("\"lower\"", Text((await sut.GetAsync("queue:item:a", Ct))!.Value));
        var names = Directory.GetFiles(PathOf("records", "queue")).Select(Path.GetFileName).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public async Task NewInstance_SameDirectory_SeesEveryPrimitive()
    {
        var writer = NewStore();
        await writer.PutAsync("batch:B1", Json("1"), cancellationToken: Ct);
        await writer.PutAsync("batch:B1", Json("2"), cancellationToken: Ct);
        await writer.IncrementAsync("cap:c", 3, 10, cancellationToken: Ct);
        await writer.IndexAddAsync("queue:pending", "x", 7, Ct);
        await writer.AppendAsync("audit", Json("1"), Ct);
        var lease = await writer.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct);

        var sut = NewStore();

        Assert.Equal(2, (await sut.GetAsync("batch:B1", Ct))!.Version);
        Assert.Equal(3, await sut.GetCounterAsync("cap:c", Ct));
        Assert.Equal([new IndexEntry("x", 7)], await sut.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
        Assert.Equal(1, await sut.AppendAsync("audit", Json("2"), Ct));
        Assert.Null(await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct));
        Assert.True(await sut.ReleaseLeaseAsync(lease!, Ct));
    }

    [Fact]
    public async Task TryInsertAsync_RacingStoreInstances_ExactlyOneWins()
    {
        // Separate instances share no in-process gate: only the OS file lock serializes them.
        var stores = Enumerable.Range(0, 8).Select(_ => NewStore()).ToArray();

        for (var round = 0; round < 5; round++)
        {
            var key = $"dedup:race{round}";
            var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(
                async () => await stores[i % stores.Length].TryInsertAsync(key, Json("0"), cancellationToken: Ct),
                Ct)));

            Assert.Single(results, won => won);
        }
    }

    [Fact]
    public async Task IncrementAsync_RacingStoreInstances_NeverExceedLimit()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => NewStore()).ToArray();
        const int Limit = 300;

        var applied = await Task.WhenAll(stores.Select(store => Task.Run(
            async () =>
            {
                var count = 0;
                for (var i = 0; i < 60; i++)
                {
                    if ((await store.IncrementAsync("cap:multi", 1, Limit, cancellationToken: Ct)).Applied)
                    {
                        count++;
                    }
                }

                return count;
            },
            Ct)));

        Assert.Equal(Limit, applied.Sum());
        Assert.Equal(Limit, await NewStore().GetCounterAsync("cap:multi", Ct));
    }

    [Fact]
    public async Task AppendAsync_RacingStoreInstances_PositionsAreUniqueAndDense()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();

        var positions = await Task.WhenAll(stores.Select((store, s) => Task.Run(
            async () =>
            {
                List<long> mine = [];
                for (var i = 0; i < 20; i++)
                {
                    mine.Add(await store.AppendAsync("audit", Json($"[{s},{i}]"), Ct));
                }

                return mine;
            },
            Ct)));

        Assert.Equal(Enumerable.Range(0, 80).Select(i => (long)i), positions.SelectMany(p => p).Order());
        Assert.Equal(80, (await Collect(NewStore().ReadLogAsync("audit", cancellationToken: Ct))).Count);
    }

    [Fact]
    public async Task ReadLogAsync_TornLastLine_IsIgnoredAndTruncatedByNextAppend()
    {
        var logs = PathOf("logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, "audit.jsonl"), "{\"n\":0}\n{\"n\":1}\n{\"n\":", Ct);
        var sut = NewStore();

        var before = await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct));
        var position = await sut.AppendAsync("audit", Json("{\"n\":2}"), Ct);
        var after = await Collect(NewStore().ReadLogAsync("audit", cancellationToken: Ct));

        Assert.Equal(["{\"n\":0}", "{\"n\":1}"], before.Select(r => Text(r.Value)));
        Assert.Equal(2, position);
        Assert.Equal(["{\"n\":0}", "{\"n\":1}", "{\"n\":2}"], after.Select(r => Text(r.Value)));
        Assert.Equal("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n", await File.ReadAllTextAsync(Path.Combine(logs, "audit.jsonl"), Ct));
    }

    [Fact]
    public async Task ReadLogAsync_LinesLongerThanReadChunk_AreReturnedWhole()
    {
        var sut = NewStore();
        var big = "\"" + new string('x', 200_000) + "\"";

        await sut.AppendAsync("audit", Json("1"), Ct);
        await sut.AppendAsync("audit", Json(big), Ct);
        await sut.AppendAsync("audit", Json("3"), Ct);

        var read = await Collect(sut.ReadLogAsync("audit", 1, Ct));
        Assert.Equal([big, "3"], read.Select(r => Text(r.Value)));
    }

    [Fact]
    public async Task LeftoverTemporaryFile_IsIgnoredByReadersAndSweptByNextWrite()
    {
        var sut = NewStore();
        await sut.PutAsync("batch:B1", Json("1"), cancellationToken: Ct);
        var leftover = PathOf("records", "batch", "batch%3A%422.json.0123456789ab.tmp");
        await File.WriteAllTextAsync(leftover, "{\"key\":\"batch:B2\",\"vers", Ct);

        var fresh = NewStore();
        Assert.Null(await fresh.GetAsync("batch:B2", Ct));
        Assert.Equal(["batch:B1"], await Collect(fresh.ListKeysAsync("batch:", Ct)));

        await fresh.PutAsync("batch:B3", Json("3"), cancellationToken: Ct);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task GetAsync_CorruptDocument_ThrowsInvalidDataException()
    {
        var sut = NewStore();
        await sut.PutAsync("batch:B1", Json("1"), cancellationToken: Ct);
        await File.WriteAllTextAsync(PathOf("records", "batch", "batch%3A%421.json"), "{\"key\":", Ct);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await sut.GetAsync("batch:B1", Ct));
    }

    [Fact]
    public async Task GetAsync_ValueWithUnicode_RoundTripsBytes()
    {
        var sut = NewStore();
        var value = Encoding.UTF8.GetBytes("{\"name\":\"Zoë – Ünïcode ✓\"}");

        await sut.PutAsync("lead:1", value, cancellationToken: Ct);

        Assert.Equal(value, (await NewStore().GetAsync("lead:1", Ct))!.Value.ToArray());
    }

    [Fact]
    public async Task TryInsertAsync_CancelledWhileAnotherInstanceHoldsLock_ThrowsOperationCanceled()
    {
        var sut = NewStore();
        await sut.PutAsync("batch:B1", Json("1"), cancellationToken: Ct);
        var lockFile = PathOf("locks", "records.batch.lock");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var pending = sut.TryInsertAsync("batch:B2", Json("2"), cancellationToken: cts.Token).AsTask();
            await Task.Delay(20, Ct);
            Assert.False(pending.IsCompleted);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        Assert.Null(await sut.GetAsync("batch:B2", Ct));
        Assert.True(await sut.TryInsertAsync("batch:B2", Json("2"), cancellationToken: Ct));
    }
}
