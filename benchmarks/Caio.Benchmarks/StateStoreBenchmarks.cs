using BenchmarkDotNet.Attributes;
using Caio.State;

namespace Caio.Benchmarks;

/// <summary>The in-memory state store's primitives.</summary>
[MemoryDiagnoser]
public class InMemoryStateStoreBenchmarks
{
    private const int FreshKeys = 1 << 16;
    private static readonly ReadOnlyMemory<byte> Value = "{\"state\":\"pending\"}"u8.ToArray();
    private readonly string[] _keys = Enumerable.Range(0, FreshKeys).Select(i => $"dedup:k{i}").ToArray();
    private InMemoryStateStore _store = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _store = new InMemoryStateStore(TimeProvider.System);
        _store.PutAsync("batch:B1", Value).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<CounterResult> Increment() => _store.IncrementAsync("cap:daily", 1, long.MaxValue);

    [Benchmark]
    public ValueTask<StateEntry?> Get() => _store.GetAsync("batch:B1");

    [Benchmark]
    public ValueTask<bool> TryInsert_ExistingKey() => _store.TryInsertAsync("batch:B1", Value);

    [Benchmark]
    public ValueTask<bool> TryInsert_NewKey()
    {
        if (_next == FreshKeys)
        {
            // Every key has been inserted: start over on an empty store (amortised over 65,536 calls).
            _store = new InMemoryStateStore(TimeProvider.System);
            _next = 0;
        }

        return _store.TryInsertAsync(_keys[_next++], Value);
    }
}

/// <summary>
/// The file state store's writes, with and without the flush to disk. The index adds re-score one
/// member of an index that already holds 10 or 10,000 others, to show the cost does not grow with it.
/// </summary>
[MemoryDiagnoser]
public class FileStateStoreBenchmarks
{
    private static readonly ReadOnlyMemory<byte> Value = "{\"state\":\"pending\",\"attempts\":1}"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> LogRecord = "{\"event\":\"sent\",\"id\":\"01JABCDEF\"}"u8.ToArray();
    private string _directory = null!;
    private FileStateStore _store = null!;
    private double _score;
    private int _moves;

    /// <summary>Whether every write is flushed to the storage device.</summary>
    [Params(true, false)]
    public bool FlushToDisk { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "caio-state-bench", Guid.NewGuid().ToString("N"));
        var seeding = new FileStateStore(new FileStateStoreOptions { Directory = _directory, FlushToDisk = false }, TimeProvider.System);
        for (var i = 0; i < 10; i++)
        {
            seeding.IndexAddAsync("queue:small", $"item{i:D5}", i).AsTask().GetAwaiter().GetResult();
        }

        for (var i = 0; i < 10_000; i++)
        {
            seeding.IndexAddAsync("queue:large", $"item{i:D5}", i).AsTask().GetAwaiter().GetResult();
        }

        seeding.PutAsync("batch:B1", Value).AsTask().GetAwaiter().GetResult();
        _store = new FileStateStore(new FileStateStoreOptions { Directory = _directory, FlushToDisk = FlushToDisk }, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Benchmark(Baseline = true)]
    public ValueTask<long> Put() => _store.PutAsync("batch:B1", Value);

    [Benchmark]
    public ValueTask<StateEntry?> Get() => _store.GetAsync("batch:B1");

    /// <summary>A key with no document and no segment: the sandbox day's most frequent read (released items' claims).</summary>
    [Benchmark]
    public ValueTask<StateEntry?> Get_Absent() => _store.GetAsync("batch:item:absent");

    [Benchmark]
    public ValueTask<CounterResult> Increment() => _store.IncrementAsync("cap:daily", 1, long.MaxValue);

    [Benchmark]
    public ValueTask IndexAdd_10Members() => _store.IndexAddAsync("queue:small", "moving", ++_score);

    [Benchmark]
    public ValueTask IndexAdd_10000Members() => _store.IndexAddAsync("queue:large", "moving", ++_score);

    [Benchmark]
    public ValueTask<IReadOnlyList<IndexEntry>> IndexRange_10000Members_First50() =>
        _store.IndexRangeAsync("queue:large", double.NegativeInfinity, double.PositiveInfinity, 50);

    [Benchmark]
    public ValueTask<long> Append() => _store.AppendAsync("bench", LogRecord);

    /// <summary>
    /// A review decision's writes as three single-key calls (record, index add, index remove): the
    /// shape before multi-key commits, which a crash could leave half done.
    /// </summary>
    [Benchmark]
    public async Task RecordAndIndexMove_SingleKeyWrites()
    {
        var (from, to) = NextMove();
        await _store.PutAsync("queue:item:bench", Value);
        await _store.IndexAddAsync(to, "bench", 1);
        await _store.IndexRemoveAsync(from, "bench");
    }

    /// <summary>The same writes as one atomic commit (durable intent, apply, delete the intent).</summary>
    [Benchmark]
    public ValueTask<StateCommitResult> RecordAndIndexMove_Commit()
    {
        var (from, to) = NextMove();
        return _store.CommitAsync(new StateTransaction()
            .Put("queue:item:bench", Value)
            .IndexRemove(from, "bench")
            .IndexAdd(to, "bench", 1));
    }

    private (string From, string To) NextMove() =>
        (_moves++ & 1) == 0 ? ("queue:status:pending", "queue:status:approved") : ("queue:status:approved", "queue:status:pending");
}
