using System.Globalization;
using System.Text;
using Caio.State;
using Caio.State.Internal;
using FsCheck;
using FsCheck.Fluent;

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

    private FileStateStore NewStore(bool flushToDisk = true) =>
        new(new FileStateStoreOptions { Directory = _directory.Path, FlushToDisk = flushToDisk }, Time);

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
        Assert.Equal(
            "{\"gen\":0,\"index\":\"queue:pending\"}\n{\"op\":\"add\",\"m\":\"m\",\"s\":1}\n",
            await File.ReadAllTextAsync(PathOf("indexes", "queue", "queue%3Apending.jsonl"), Ct));
        Assert.False(File.Exists(PathOf("indexes", "queue", "queue%3Apending.json")));
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

    // ---- sorted indexes: journal, snapshot, compaction -----------------------------------------

    [Fact]
    public async Task IndexAddAsync_TwentyThousandMembers_RangeReadsThemBackInOrder()
    {
        const int Count = 20_000;
        var sut = NewStore(flushToDisk: false);

        for (var i = 0; i < Count; i++)
        {
            // Scores in a scrambled order, so the range has to sort them.
            await sut.IndexAddAsync("queue:status:pending", $"lead{i:D5}", (i * 7_919L) % Count, Ct);
        }

        var expected = Enumerable.Range(0, Count)
            .Select(i => new IndexEntry($"lead{i:D5}", (i * 7_919L) % Count))
            .OrderBy(e => e.Score)
            .ToList();
        Assert.Equal(expected, await sut.IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
        Assert.Equal(expected, await NewStore().IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
        Assert.Equal(expected.Skip(100).Take(50), await sut.IndexRangeAsync("queue:status:pending", 100, 10_000, 50, Ct));
        Assert.Equal(Count + 1, File.ReadLines(PathOf("indexes", "queue", "queue%3Astatus%3Apending.jsonl")).Count());
    }

    [Fact]
    public async Task IndexAddAsync_JournalBeyondThreshold_CompactsIntoSnapshot()
    {
        var writer = NewStore(flushToDisk: false);
        var reader = NewStore();
        for (var i = 0; i < 10; i++)
        {
            await writer.IndexAddAsync("queue:pending", $"keep{i}", i, Ct);
        }

        Assert.Equal(10, (await reader.IndexRangeAsync("queue:pending", 0, 100, cancellationToken: Ct)).Count);
        for (var i = 0; i < FileSortedIndex.CompactionSlack + 20; i++)
        {
            await writer.IndexAddAsync("queue:pending", "churn", 50 + (i % 2), Ct);
        }

        await writer.IndexRemoveAsync("queue:pending", "churn", Ct);

        // 10 + 1,020 + 1 lines passed 2 × 11 + 1,000 on the way: the journal was folded into a snapshot.
        var snapshot = await File.ReadAllTextAsync(PathOf("indexes", "queue", "queue%3Apending.json"), Ct);
        Assert.StartsWith("{\"name\":\"queue:pending\",\"generation\":1,\"members\":{", snapshot, StringComparison.Ordinal);
        var journal = File.ReadAllLines(PathOf("indexes", "queue", "queue%3Apending.jsonl"));
        Assert.Equal("{\"gen\":1,\"index\":\"queue:pending\"}", journal[0]);
        Assert.True(journal.Length < 30, $"{journal.Length} journal lines after compaction");

        var expected = Enumerable.Range(0, 10).Select(i => new IndexEntry($"keep{i}", i)).ToList();
        Assert.Equal(expected, await reader.IndexRangeAsync("queue:pending", 0, 100, cancellationToken: Ct));
        Assert.Equal(expected, await NewStore().IndexRangeAsync("queue:pending", 0, 100, cancellationToken: Ct));
        Assert.Equal(expected, await writer.IndexRangeAsync("queue:pending", 0, 100, cancellationToken: Ct));

        await writer.IndexAddAsync("queue:pending", "after", 200, Ct);
        Assert.Equal([.. expected, new IndexEntry("after", 200)], await reader.IndexRangeAsync("queue:pending", 0, 1000, cancellationToken: Ct));
    }

    [Fact]
    public async Task IndexAddAsync_LongIndexNameThroughCompaction_KeepsEveryMember()
    {
        // A 700-character name: hashed file name, and header and snapshot heads longer than one read.
        var index = "queue:" + new string('A', 700);
        var writer = NewStore(flushToDisk: false);
        var other = NewStore(flushToDisk: false);
        await writer.IndexAddAsync(index, "keep", 1, Ct);
        Assert.Single(await other.IndexRangeAsync(index, 0, 10, cancellationToken: Ct));
        for (var i = 0; i < FileSortedIndex.CompactionSlack + 10; i++)
        {
            await writer.IndexAddAsync(index, "churn", 2 + (i % 2), Ct);
        }

        await other.IndexAddAsync(index, "late", 9, Ct);

        Assert.Contains(Directory.EnumerateFiles(PathOf("indexes", "queue")), f => f.EndsWith(".json", StringComparison.Ordinal) && f.Contains('~', StringComparison.Ordinal));
        var expected = new[] { new IndexEntry("keep", 1), new IndexEntry("churn", 2 + ((FileSortedIndex.CompactionSlack + 9) % 2)), new IndexEntry("late", 9) };
        Assert.Equal(expected, await NewStore().IndexRangeAsync(index, 0, 10, cancellationToken: Ct));
        Assert.Equal(expected, await writer.IndexRangeAsync(index, 0, 10, cancellationToken: Ct));
    }

    [Fact]
    public async Task IndexRangeAsync_SingleDocumentFormat_IsReadAndContinuedByJournal()
    {
        var folder = PathOf("indexes", "queue");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(
            Path.Combine(folder, "queue%3Apending.json"),
            """{"name":"queue:pending","members":{"b":2,"a":1,"inf":"Infinity"}}""",
            Ct);
        var sut = NewStore();

        var before = await sut.IndexRangeAsync("queue:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
        Assert.True(await sut.IndexRemoveAsync("queue:pending", "b", Ct));
        await sut.IndexAddAsync("queue:pending", "c", 3, Ct);

        Assert.Equal([new IndexEntry("a", 1), new IndexEntry("b", 2), new IndexEntry("inf", double.PositiveInfinity)], before);
        Assert.Equal(
            [new IndexEntry("a", 1), new IndexEntry("c", 3), new IndexEntry("inf", double.PositiveInfinity)],
            await NewStore().IndexRangeAsync("queue:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct));
    }

    [Fact]
    public async Task IndexRangeAsync_TornLastJournalLine_IsIgnoredAndTruncatedByNextChange()
    {
        var sut = NewStore();
        await sut.IndexAddAsync("queue:pending", "x", 1, Ct);
        var journal = PathOf("indexes", "queue", "queue%3Apending.jsonl");
        await File.AppendAllTextAsync(journal, "{\"op\":\"add\",\"m\":\"y\",\"s\":2}", Ct);

        Assert.Equal([new IndexEntry("x", 1)], await NewStore().IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
        Assert.Equal([new IndexEntry("x", 1)], await sut.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
        await NewStore().IndexAddAsync("queue:pending", "z", 3, Ct);

        Assert.Equal([new IndexEntry("x", 1), new IndexEntry("z", 3)], await sut.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
        Assert.Equal(
            "{\"gen\":0,\"index\":\"queue:pending\"}\n{\"op\":\"add\",\"m\":\"x\",\"s\":1}\n{\"op\":\"add\",\"m\":\"z\",\"s\":3}\n",
            await File.ReadAllTextAsync(journal, Ct));
    }

    [Fact]
    public async Task IndexRangeAsync_CorruptJournalLine_ThrowsInvalidDataException()
    {
        var sut = NewStore();
        await sut.IndexAddAsync("queue:pending", "x", 1, Ct);
        await File.AppendAllTextAsync(PathOf("indexes", "queue", "queue%3Apending.jsonl"), "{\"op\":\"zap\"}\n", Ct);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await NewStore().IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
        await Assert.ThrowsAsync<InvalidDataException>(async () => await sut.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct));
    }

    [Fact]
    public void IndexAddAsync_AnyScoreAndMember_RoundTripsThroughJournal()
    {
        var sut = NewStore(flushToDisk: false);
        var scores = ArbMap.Default.GeneratorFor<double>()
            .Where(d => !double.IsNaN(d))
            .ToArbitrary();

        // Members are any well-formed text (a lone surrogate has no UTF-8 form and is refused).
        var members = ArbMap.Default.GeneratorFor<string>()
            .Where(text => text is not null && IsWellFormedUtf16(text))
            .ToArbitrary();

        Prop.ForAll(scores, members, (score, member) =>
        {
            var index = "prop:i" + Guid.NewGuid().ToString("N");
            sut.IndexAddAsync(index, member, score, Ct).AsTask().GetAwaiter().GetResult();
            var fresh = NewStore().IndexRangeAsync(index, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct).AsTask().GetAwaiter().GetResult();
            return fresh.Count == 1 && fresh[0].Member == member && fresh[0].Score.Equals(score);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task IndexAddAsync_RacingStoreInstances_LoseNoMember()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore(flushToDisk: false)).ToArray();

        await Task.WhenAll(stores.Select((store, s) => Task.Run(
            async () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    await store.IndexAddAsync("queue:pending", $"s{s}-{i:D2}", i, Ct);
                    if (i % 3 == 0)
                    {
                        Assert.True(await store.IndexRemoveAsync("queue:pending", $"s{s}-{i:D2}", Ct));
                    }
                }
            },
            Ct)));

        var expected = Enumerable.Range(0, 4)
            .SelectMany(s => Enumerable.Range(0, 60).Where(i => i % 3 != 0).Select(i => new IndexEntry($"s{s}-{i:D2}", i)))
            .OrderBy(e => e.Score).ThenBy(e => e.Member, StringComparer.Ordinal)
            .ToList();
        foreach (var store in stores.Append(NewStore()))
        {
            Assert.Equal(expected, await store.IndexRangeAsync("queue:pending", 0, 100, cancellationToken: Ct));
        }
    }

    [Fact]
    public async Task IndexRangeAsync_WhileAnotherInstanceCompacts_AlwaysSeesAWholeIndex()
    {
        // The writer adds keep0, keep1, … in order, with churn that makes it compact many times; the
        // reader, another instance taking no lock, must always see exactly keep0..keepN-1 for a growing N.
        const int Keeps = 300;
        var writer = NewStore(flushToDisk: false);
        var reader = NewStore(flushToDisk: false);
        using var done = new CancellationTokenSource();

        var writing = Task.Run(
            async () =>
            {
                try
                {
                    for (var i = 0; i < Keeps; i++)
                    {
                        await writer.IndexAddAsync("queue:pending", $"keep{i:D3}", i, Ct);
                        for (var c = 0; c < 5; c++)
                        {
                            await writer.IndexAddAsync("queue:pending", "churn", -1, Ct);
                            await writer.IndexRemoveAsync("queue:pending", "churn", Ct);
                        }
                    }
                }
                finally
                {
                    await done.CancelAsync();
                }
            },
            Ct);

        var reads = 0;
        var seen = 0;
        while (!done.IsCancellationRequested || reads == 0)
        {
            var keeps = (await reader.IndexRangeAsync("queue:pending", 0, double.PositiveInfinity, cancellationToken: Ct)).ToList();
            Assert.Equal(Enumerable.Range(0, keeps.Count).Select(i => new IndexEntry($"keep{i:D3}", i)), keeps);
            Assert.True(keeps.Count >= seen, $"went back from {seen} to {keeps.Count} members");
            seen = keeps.Count;
            reads++;
        }

        await writing;
        Assert.Equal(Keeps, (await reader.IndexRangeAsync("queue:pending", 0, double.PositiveInfinity, cancellationToken: Ct)).Count);
        Assert.StartsWith("{\"gen\":", await File.ReadAllTextAsync(PathOf("indexes", "queue", "queue%3Apending.jsonl"), Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("\"gen\":0,", await File.ReadAllTextAsync(PathOf("indexes", "queue", "queue%3Apending.jsonl"), Ct), StringComparison.Ordinal);
    }

    private static bool IsWellFormedUtf16(string text)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // ---- logs: reads from a position ------------------------------------------------------------

    [Fact]
    public async Task ReadLogAsync_FromPositionsAcrossCheckpoints_ReturnsTheSameRecordsAsAFullRead()
    {
        const int Count = (LogCheckpoints.Stride * 2) + 300;
        var writer = NewStore(flushToDisk: false);
        for (var i = 0; i < Count; i++)
        {
            await writer.AppendAsync("audit", Json(i.ToString(CultureInfo.InvariantCulture)), Ct);
        }

        var sut = NewStore();
        Assert.Equal(Count, (await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct))).Count);
        foreach (var from in new long[] { 0, 1, 1023, 1024, 1025, 2047, 2048, 2049, Count - 1, Count, Count + 5, 700 })
        {
            foreach (var store in new[] { sut, writer, NewStore() })
            {
                var records = await Collect(store.ReadLogAsync("audit", from, Ct));
                var expected = Enumerable.Range(0, Count).Where(i => i >= from).ToList();
                Assert.Equal(expected.Select(i => (long)i), records.Select(r => r.Position));
                Assert.Equal(expected.Select(i => i.ToString(CultureInfo.InvariantCulture)), records.Select(r => Text(r.Value)));
            }
        }

        // Another instance appends; the reader's checkpoints still lead to the right records.
        Assert.Equal(Count, await NewStore().AppendAsync("audit", Json("\"late\""), Ct));
        Assert.Equal(Count + 1, await writer.AppendAsync("audit", Json("\"later\""), Ct));
        var tail = await Collect(sut.ReadLogAsync("audit", Count - 1, Ct));
        Assert.Equal([(Count - 1).ToString(CultureInfo.InvariantCulture), "\"late\"", "\"later\""], tail.Select(r => Text(r.Value)));
        Assert.Equal([Count - 1L, Count, Count + 1L], tail.Select(r => r.Position));
    }
}
