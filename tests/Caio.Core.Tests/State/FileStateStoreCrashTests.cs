using System.Text;
using Caio.State;
using Caio.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// "A write interrupted at any point leaves the old or the new record, never a torn one": a store
/// on a <see cref="FaultInjectingFileSystem"/> dies at each step of the write protocol, then a fresh
/// store on the same directory reads what is there.
/// </summary>
public sealed class FileStateStoreCrashTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();

    public static TheoryData<string, FaultPoint, int> DocumentFaults()
    {
        var data = new TheoryData<string, FaultPoint, int>();
        foreach (var operation in new[] { "put", "cas", "insert", "increment", "index", "lease" })
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
            case "index":
                await store.IndexAddAsync("queue:pending", "x", 1, Ct);
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
            case "index":
                await store.IndexAddAsync("queue:pending", "y", 2, Ct);
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
            case "index":
                var members = await store.IndexRangeAsync("queue:pending", 0, 10, cancellationToken: Ct);
                return members.Count switch
                {
                    1 when members[0] == new IndexEntry("x", 1) => "old",
                    2 when members[0] == new IndexEntry("x", 1) && members[1] == new IndexEntry("y", 2) => "new",
                    _ => $"torn: {members.Count}",
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

    private FileStateStore NewStore(FaultInjectingFileSystem? fileSystem = null) =>
        new(new FileStateStoreOptions { Directory = _directory.Path }, _time, fileSystem);
}
