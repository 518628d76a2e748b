using System.Text;
using Caio.State;
using Caio.State.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// "A write interrupted at any point leaves the old or the new record, never a torn one": a store
/// on a <see cref="FaultInjectingFileSystem"/> dies at each step of the write protocol, then a fresh
/// store on the same directory reads what is there.
/// </summary>
public sealed class FileStateStoreCrashTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(TestClock.Start);

    public static TheoryData<string, FaultPoint, int> DocumentFaults()
    {
        var data = new TheoryData<string, FaultPoint, int>();
        foreach (var operation in new[] { "put", "cas", "insert", "increment", "lease" })
        {
            data.Add(operation, FaultPoint.CreateTemp, 0);
            foreach (var bytes in new[] { 0, 1, 9, 24, 33 })
            {
                data.Add(operation, FaultPoint.WriteTemp, bytes);
            }

            data.Add(operation, FaultPoint.FlushTemp, 0);
            data.Add(operation, FaultPoint.Rename, 0);
            data.Add(operation, FaultPoint.AfterRename, 0);
        }

        return data;
    }

    public static TheoryData<FaultPoint, int> LogFaults() => new()
    {
        { FaultPoint.OpenLog, 0 },
        { FaultPoint.WriteLog, 0 },
        { FaultPoint.WriteLog, 1 },
        { FaultPoint.WriteLog, 11 }, // the whole JSON document but not its line break
        { FaultPoint.FlushLog, 0 },
    };

    /// <summary>The document-write steps, for the one temporary file of a journal start.</summary>
    public static TheoryData<FaultPoint, int> JournalStartFaults()
    {
        var data = new TheoryData<FaultPoint, int> { { FaultPoint.CreateTemp, 0 } };
        foreach (var bytes in new[] { 0, 1, 20, 40 })
        {
            data.Add(FaultPoint.WriteTemp, bytes);
        }

        data.Add(FaultPoint.FlushTemp, 0);
        data.Add(FaultPoint.Rename, 0);
        data.Add(FaultPoint.AfterRename, 0);
        return data;
    }

    /// <summary>The append steps of an index change, for each kind of change.</summary>
    public static TheoryData<string, FaultPoint, int> JournalAppendFaults()
    {
        var data = new TheoryData<string, FaultPoint, int>();
        foreach (var operation in new[] { "add", "rescore", "remove" })
        {
            var line = operation switch
            {
                "add" => IndexJournalFormat.AddLine("y", 2),
                "rescore" => IndexJournalFormat.AddLine("x", 5),
                _ => IndexJournalFormat.RemoveLine("z"),
            };
            data.Add(operation, FaultPoint.OpenLog, 0);
            data.Add(operation, FaultPoint.WriteLog, 0);
            data.Add(operation, FaultPoint.WriteLog, 1);
            data.Add(operation, FaultPoint.WriteLog, line.Length - 1); // the whole JSON but not its line break
            data.Add(operation, FaultPoint.FlushLog, 0);
        }

        return data;
    }

    /// <summary>
    /// The document-write steps of a compaction: temporary file 0 is the new snapshot, temporary file 1
    /// the fresh journal that replaces the old one.
    /// </summary>
    public static TheoryData<int, FaultPoint, int> CompactionFaults()
    {
        var data = new TheoryData<int, FaultPoint, int>();
        foreach (var tempFile in new[] { 0, 1 })
        {
            data.Add(tempFile, FaultPoint.CreateTemp, 0);
            data.Add(tempFile, FaultPoint.WriteTemp, 0);
            data.Add(tempFile, FaultPoint.WriteTemp, 20);
            data.Add(tempFile, FaultPoint.FlushTemp, 0);
            data.Add(tempFile, FaultPoint.Rename, 0);
            data.Add(tempFile, FaultPoint.AfterRename, 0);
        }

        return data;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(DocumentFaults))]
    public async Task Write_InterruptedAtAnyStep_LeavesOldOrNewDocumentNeverTorn(string operation, FaultPoint point, int bytes)
    {
        var setup = NewStore();
        await ArrangeOldStateAsync(setup, operation);
        var faults = new FaultInjectingFileSystem(point, bytes);
        var crashing = NewStore(faults);

        await Assert.ThrowsAsync<IOException>(async () => await WriteNewStateAsync(crashing, operation));

        Assert.True(faults.Crashed);
        var sut = NewStore();
        var observed = await ObserveAsync(sut, operation);
        var expected = point == FaultPoint.AfterRename ? "new" : "old";
        Assert.Equal(expected, observed);

        // The directory stays usable: the next write succeeds and sweeps the dead writer's temporary file.
        var followUp = operation switch
        {
            "cas" or "insert" => "put",
            "lease" => "lease-takeover",
            _ => operation,
        };
        await WriteNewStateAsync(sut, followUp);
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(LogFaults))]
    public async Task Append_InterruptedAtAnyStep_LeavesWholeRecordsOnly(FaultPoint point, int bytes)
    {
        var setup = NewStore();
        await setup.AppendAsync("audit", Json("""{"n":0}"""), Ct);
        await setup.AppendAsync("audit", Json("""{"n":1}"""), Ct);
        var faults = new FaultInjectingFileSystem(point, bytes);
        var crashing = NewStore(faults);
        await Assert.ThrowsAsync<IOException>(async () => await crashing.AppendAsync("audit", Json("""{"n":"new"}"""), Ct));

        var sut = NewStore();
        var records = await ReadAllAsync(sut);

        Assert.True(faults.Crashed);
        var texts = records.Select(r => Encoding.UTF8.GetString(r.Value.Span)).ToList();
        Assert.True(
            texts.SequenceEqual(["""{"n":0}""", """{"n":1}"""]) || texts.SequenceEqual(["""{"n":0}""", """{"n":1}""", """{"n":"new"}"""]),
            string.Join(" | ", texts));
        Assert.Equal(Enumerable.Range(0, texts.Count).Select(i => (long)i), records.Select(r => r.Position));

        var next = await sut.AppendAsync("audit", Json("""{"n":"next"}"""), Ct);
        Assert.Equal(texts.Count, next);
        var after = await ReadAllAsync(NewStore());
        Assert.Equal(texts.Count + 1, after.Count);
        Assert.Equal("""{"n":"next"}""", Encoding.UTF8.GetString(after[^1].Value.Span));
        Assert.EndsWith("\n", await File.ReadAllTextAsync(Path.Combine(_directory.Path, "logs", "audit.jsonl"), Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JournalStartFaults))]
    public async Task IndexAdd_InterruptedWhileStartingJournal_LeavesOldOrNewIndex(FaultPoint point, int bytes)
    {
        await NewStore().IndexAddAsync("queue:other", "o", 1, Ct);
        var faults = new FaultInjectingFileSystem(point, bytes);
        var crashing = NewStore(faults);

        await Assert.ThrowsAsync<IOException>(async () => await crashing.IndexAddAsync("queue:pending", "y", 2, Ct));

        Assert.True(faults.Crashed);
        var sut = NewStore();
        var expected = point == FaultPoint.AfterRename ? "y:2" : string.Empty;
        Assert.Equal(expected, await IndexTextAsync(sut));

        await sut.IndexAddAsync("queue:pending", "w", 4, Ct);
        Assert.Equal(expected.Length == 0 ? "w:4" : "y:2,w:4", await IndexTextAsync(NewStore()));
        Assert.Equal("o:1", await IndexTextAsync(NewStore(), "queue:other"));
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [MemberData(nameof(JournalAppendFaults))]
    public async Task IndexChange_InterruptedWhileAppending_LeavesOldOrNewIndexNeverTorn(string operation, FaultPoint point, int bytes)
    {
        var setup = NewStore();
        await setup.IndexAddAsync("queue:pending", "x", 1, Ct);
        await setup.IndexAddAsync("queue:pending", "z", 3, Ct);
        var reader = NewStore();
        Assert.Equal("x:1,z:3", await IndexTextAsync(reader));
        var faults = new FaultInjectingFileSystem(point, bytes);
        var crashing = NewStore(faults);

        await Assert.ThrowsAsync<IOException>(async () => await ChangeIndexAsync(crashing, operation));

        Assert.True(faults.Crashed);
        var (old, @new) = ("x:1,z:3", operation switch
        {
            "add" => "x:1,y:2,z:3",
            "rescore" => "z:3,x:5",
            _ => "x:1",
        });

        // A flushed line (even one whose flush failed) is in the file; anything shorter is a torn line.
        var expected = point == FaultPoint.FlushLog ? @new : old;
        Assert.Equal(expected, await IndexTextAsync(NewStore()));
        Assert.Equal(expected, await IndexTextAsync(reader));

        // The next change cuts a torn line off before appending; every instance then agrees.
        var sut = NewStore();
        await sut.IndexAddAsync("queue:pending", "w", 4, Ct);
        var after = string.Join(',', (expected + ",w:4").Split(',').OrderBy(e => double.Parse(e.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(after, await IndexTextAsync(NewStore()));
        Assert.Equal(after, await IndexTextAsync(reader));
        Assert.EndsWith("\n", await File.ReadAllTextAsync(JournalPath, Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CompactionFaults))]
    public async Task IndexRemove_InterruptedWhileCompacting_KeepsEveryMember(int tempFile, FaultPoint point, int bytes)
    {
        // x and z, then add/remove churn up to the compaction threshold: removing z crosses it.
        var setup = NewStore(flushToDisk: false);
        await setup.IndexAddAsync("queue:pending", "x", 1, Ct);
        await setup.IndexAddAsync("queue:pending", "z", 3, Ct);
        for (var i = 0; i < FileSortedIndex.CompactionSlack / 2; i++)
        {
            await setup.IndexAddAsync("queue:pending", "c", 2, Ct);
            await setup.IndexRemoveAsync("queue:pending", "c", Ct);
        }

        var reader = NewStore();
        Assert.Equal("x:1,z:3", await IndexTextAsync(reader));
        Assert.False(File.Exists(SnapshotPath));
        var faults = new FaultInjectingFileSystem(point, bytes, tempFile);
        var crashing = NewStore(faults);

        await Assert.ThrowsAsync<IOException>(async () => await crashing.IndexRemoveAsync("queue:pending", "z", Ct));

        // The removal was appended and flushed before the compaction started, so it has taken effect
        // whichever compaction step died; no other member is lost.
        Assert.True(faults.Crashed);
        Assert.Equal("x:1", await IndexTextAsync(NewStore()));
        Assert.Equal("x:1", await IndexTextAsync(reader));

        // The next change comes from the instance that read the index before the crash: it must notice
        // a snapshot written behind its back, never append to a journal that has gone stale.
        await reader.IndexAddAsync("queue:pending", "w", 4, Ct);
        Assert.Equal("x:1,w:4", await IndexTextAsync(NewStore()));
        Assert.Equal("x:1,w:4", await IndexTextAsync(reader));
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));

        // Once the new snapshot was renamed into place, the old journal is stale and the next change
        // starts the snapshot's generation; otherwise the old journal simply continues.
        var snapshotWritten = tempFile == 1 || point == FaultPoint.AfterRename;
        Assert.Equal(snapshotWritten, File.Exists(SnapshotPath));
        var header = (await File.ReadAllLinesAsync(JournalPath, Ct))[0];
        Assert.Equal(snapshotWritten ? """{"gen":1,"index":"queue:pending"}""" : """{"gen":0,"index":"queue:pending"}""", header);
    }

    private string SnapshotPath => Path.Combine(_directory.Path, "indexes", "queue", "queue%3Apending.json");

    private string JournalPath => Path.Combine(_directory.Path, "indexes", "queue", "queue%3Apending.jsonl");

    private static async Task ChangeIndexAsync(IStateStore store, string operation)
    {
        switch (operation)
        {
            case "add":
                await store.IndexAddAsync("queue:pending", "y", 2, Ct);
                break;
            case "rescore":
                await store.IndexAddAsync("queue:pending", "x", 5, Ct);
                break;
            default:
                Assert.True(await store.IndexRemoveAsync("queue:pending", "z", Ct));
                break;
        }
    }

    private static async Task<string> IndexTextAsync(IStateStore store, string index = "queue:pending")
    {
        var members = await store.IndexRangeAsync(index, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
        return string.Join(',', members.Select(m => $"{m.Member}:{m.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
    }

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    private static async Task<List<LogRecord>> ReadAllAsync(IStateStore store)
    {
        List<LogRecord> records = [];
        await foreach (var record in store.ReadLogAsync("audit", cancellationToken: Ct))
        {
            records.Add(record);
        }

        return records;
    }

    private static async Task ArrangeOldStateAsync(IStateStore store, string operation)
    {
        switch (operation)
        {
            case "put":
            case "cas":
                await store.PutAsync("batch:B1", Json("""{"state":"old"}"""), cancellationToken: Ct);
                break;
            case "insert":
                await store.PutAsync("batch:B0", Json("0"), cancellationToken: Ct);
                break;
            case "increment":
                await store.IncrementAsync("cap:daily:2026-01-05", 5, 100, cancellationToken: Ct);
                break;
            case "lease":
                var lease = await store.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct);
                await store.ReleaseLeaseAsync(lease!, Ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static async Task WriteNewStateAsync(IStateStore store, string operation)
    {
        switch (operation)
        {
            case "put":
                await store.PutAsync("batch:B1", Json("""{"state":"new"}"""), cancellationToken: Ct);
                break;
            case "cas":
                Assert.NotNull(await store.CompareAndSetAsync("batch:B1", Json("""{"state":"new"}"""), 1, cancellationToken: Ct));
                break;
            case "insert":
                Assert.True(await store.TryInsertAsync("batch:B1", Json("""{"state":"new"}"""), cancellationToken: Ct));
                break;
            case "increment":
                Assert.True((await store.IncrementAsync("cap:daily:2026-01-05", 1, 100, cancellationToken: Ct)).Applied);
                break;
            case "lease":
                Assert.NotNull(await store.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct));
                break;
            case "lease-takeover":
                // Whichever state the crash left, a grant is possible once any lease has lapsed.
                Assert.NotNull(await store.TryAcquireLeaseAsync("dispatch-after", TimeSpan.FromMinutes(1), Ct));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static async Task<string> ObserveAsync(IStateStore store, string operation)
    {
        switch (operation)
        {
            case "put":
            case "cas":
            case "insert":
            {
                var entry = await store.GetAsync("batch:B1", Ct);
                var text = entry is null ? null : Encoding.UTF8.GetString(entry.Value.Span);
                return (operation, text, entry?.Version) switch
                {
                    ("insert", null, null) => "old",
                    ("insert", """{"state":"new"}""", 1) => "new",
                    (_, """{"state":"old"}""", 1) => "old",
                    (_, """{"state":"new"}""", 2) => "new",
                    _ => $"torn: {text} v{entry?.Version}",
                };
            }

            case "increment":
                return await store.GetCounterAsync("cap:daily:2026-01-05", Ct) switch
                {
                    5 => "old",
                    6 => "new",
                    var other => $"torn: {other}",
                };
            case "lease":
                // Old: released (grantable, next fencing token 2). New: held by the crashed caller.
                var lease = await store.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct);
                return lease switch
                {
                    null => "new",
                    { FencingToken: 2 } => "old",
                    _ => $"torn: fencing {lease.FencingToken}",
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private FileStateStore NewStore(FaultInjectingFileSystem? fileSystem = null, bool flushToDisk = true) =>
        new(new FileStateStoreOptions { Directory = _directory.Path, FlushToDisk = flushToDisk }, _time, fileSystem);
}
