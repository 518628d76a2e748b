using BenchmarkDotNet.Attributes;
using Caio.Leads;
using Caio.Scoring;

namespace Caio.Benchmarks;

/// <summary>
/// ICP evaluation over 20,000 seeded, varied leads (see <see cref="RealisticLeads"/>); reported per lead.
/// The single-lead figures in <see cref="ScoringBenchmarks"/> are the micro-level detail.
/// </summary>
[MemoryDiagnoser]
public class RealisticScoringBenchmarks
{
    private const int LeadCount = 20_000;

    private IcpScorer _scorer = null!;
    private Lead[] _leads = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scorer = ScoringBenchmarks.CreateScorer();
        _leads = RealisticLeads.Create(LeadCount);
    }

    [Benchmark(OperationsPerInvoke = LeadCount)]
    public int EvaluatePerLead()
    {
        var sum = 0;
        foreach (var lead in _leads)
        {
            sum += _scorer.Evaluate(lead).Score;
        }

        return sum;
    }
}
