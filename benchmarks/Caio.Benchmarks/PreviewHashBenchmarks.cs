using BenchmarkDotNet.Attributes;
using Caio.Batches;
using Caio.Leads;

namespace Caio.Benchmarks;

/// <summary>Preview hash of dispatch batch scopes; allocations should not grow with the number of actions.</summary>
[MemoryDiagnoser]
public class PreviewHashBenchmarks
{
    private readonly byte[] _hash = new byte[PreviewHash.SizeInBytes];
    private BatchScope _scope = null!;

    [Params(1_000, 10_000)]
    public int Actions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var itemIds = new string[Actions];
        var actions = new BatchAction[Actions];
        var random = new Random(42);
        for (var i = 0; i < Actions; i++)
        {
            var n = random.Next();
            itemIds[i] = $"rq_{n:x8}_{i}";
            actions[i] = new BatchAction(
                $"act_{n:x8}_{i}",
                $"First.Last{i}@Company{i % 500}.example",
                i % 3 == 0 ? Channel.LinkedIn : Channel.Email,
                1 + (i % 8),
                1 + (i % 21));
        }

        _scope = new BatchScope(BatchMotions.Outbound, itemIds, actions);
    }

    [Benchmark(Baseline = true)]
    public string Compute() => PreviewHash.Compute(_scope);

    [Benchmark]
    public bool TryCompute() => PreviewHash.TryCompute(_scope, _hash);
}
