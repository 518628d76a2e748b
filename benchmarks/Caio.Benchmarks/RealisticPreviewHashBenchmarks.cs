using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Caio.Batches;
using Caio.Leads;

namespace Caio.Benchmarks;

/// <summary>
/// Preview hash of a scope of 10,000 cadence actions with padded mixed-case addresses and long shared-prefix ids,
/// next to SHA-256 of the same canonical bytes (the machine's floor for the same input).
/// <see cref="PreviewHashBenchmarks"/> keeps the compact-id detail.
/// </summary>
[MemoryDiagnoser]
public class RealisticPreviewHashBenchmarks
{
    private const int Actions = 10_000;
    private const string IdPrefix = "outbound-2026-11-30-northwind-enterprise-q4-expansion-cadence-v3-";

    private readonly byte[] _hash = new byte[PreviewHash.SizeInBytes];
    private BatchScope _scope = null!;
    private byte[] _canonical = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(31);
        var itemIds = new string[Actions];
        var actions = new BatchAction[Actions];
        for (var i = 0; i < Actions; i++)
        {
            itemIds[i] = $"rq_{IdPrefix}{i:D6}";
            var address = $"First.LAST{i}@Company{i % 500}.Example";
            actions[i] = new BatchAction(
                $"act_{IdPrefix}{random.Next():x8}_{i:D6}",
                random.Next(2) == 0 ? "  " + address + " " : address,
                i % 3 == 0 ? Channel.LinkedIn : Channel.Email,
                1 + (i % 8),
                1 + (i % 21));
        }

        _scope = new BatchScope(BatchMotions.Outbound, itemIds, actions);
        _canonical = Encoding.UTF8.GetBytes(PreviewHash.GetCanonicalJson(_scope));
        Console.WriteLine($"// canonical bytes hashed: {_canonical.Length}");
    }

    /// <summary>The scope hashed (for the CPU-time run's breakdown).</summary>
    internal BatchScope Scope => _scope;

    [Benchmark(Baseline = true)]
    public bool PreviewHashTryCompute() => PreviewHash.TryCompute(_scope, _hash);

    /// <summary>Writing the canonical form alone (as a string, so this includes its allocation).</summary>
    [Benchmark]
    public int CanonicalJsonOnly() => PreviewHash.GetCanonicalJson(_scope).Length;

    [Benchmark]
    public int Sha256OfCanonicalBytes() => SHA256.HashData(_canonical, _hash);
}
