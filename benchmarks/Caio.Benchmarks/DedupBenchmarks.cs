using BenchmarkDotNet.Attributes;
using Caio.Dedup;

namespace Caio.Benchmarks;

/// <summary>Canonicalization of email addresses and dedup-set probes.</summary>
[MemoryDiagnoser]
public class DedupBenchmarks
{
    private const string TypicalAddress = "Jane.Doe@Example.com";
    private const string GmailAlias = "  John.Doe+Promo@GoogleMail.com ";
    private const string InternationalAddress = "Max@B\u00fccher.Example";

    private readonly char[] _destination = new char[EmailCanonicalizer.MaxNormalizedLength];
    private readonly EmailCanonicalizer _canonicalizer = EmailCanonicalizer.Default;
    private DedupKeySet _set = null!;

    [GlobalSetup]
    public void Setup()
    {
        _set = new DedupKeySet(_canonicalizer);
        for (var i = 0; i < 100_000; i++)
        {
            _set.TryAdd($"person{i}@example{i % 1_000}.com", out _);
        }

        _set.TryAdd(TypicalAddress, out _);
    }

    [Benchmark(Baseline = true)]
    public int TryNormalize_TypicalAscii()
    {
        _canonicalizer.TryNormalize(TypicalAddress, _destination, out var written, out _);
        return written;
    }

    [Benchmark]
    public int TryNormalize_GmailAlias()
    {
        _canonicalizer.TryNormalize(GmailAlias, _destination, out var written, out _);
        return written;
    }

    [Benchmark]
    public int TryNormalize_InternationalDomain()
    {
        _canonicalizer.TryNormalize(InternationalAddress, _destination, out var written, out _);
        return written;
    }

    [Benchmark]
    public bool TryCreateKey_TypicalAscii() => _canonicalizer.TryCreateKey(TypicalAddress, out _, out _);

    [Benchmark]
    public bool Contains_Hit() => _set.Contains(TypicalAddress);

    [Benchmark]
    public bool Contains_Miss() => _set.Contains("someone.else@example.com");
}
