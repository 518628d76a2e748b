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

    /// <summary>
    /// Which inputs vary: <c>All</c> is the realistic mix; the others keep one dimension varied and empty the
    /// other two (title, industry, technologies), to show which part of the evaluation the cost comes from;
    /// <c>AllUnique</c> is the realistic mix with every title and industry made unique to its lead, so no text
    /// repeats and none is answered from the scorer's memory of recent texts (the cost of a text seen first).
    /// </summary>
    [Params("All", "AllUnique", "TitleOnly", "IndustryOnly", "TechOnly")]
    public string Varied { get; set; } = "All";

    [GlobalSetup]
    public void Setup()
    {
        _scorer = ScoringBenchmarks.CreateScorer();
        _leads = RealisticLeads.Create(LeadCount);
        if (Varied == "AllUnique")
        {
            for (var i = 0; i < _leads.Length; i++)
            {
                var lead = _leads[i];
                var company = lead.Company!;
                var suffix = " " + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                _leads[i] = lead with
                {
                    Title = lead.Title + suffix,
                    Company = company with { Industry = company.Industry is null ? null : company.Industry + suffix },
                };
            }
        }
        else if (Varied != "All")
        {
            for (var i = 0; i < _leads.Length; i++)
            {
                var lead = _leads[i];
                var company = lead.Company!;
                _leads[i] = lead with
                {
                    Title = Varied == "TitleOnly" ? lead.Title : null,
                    Company = company with
                    {
                        Industry = Varied == "IndustryOnly" ? company.Industry : null,
                        TechStack = Varied == "TechOnly" ? company.TechStack : [],
                    },
                };
            }
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> leads only: with few enough, the leads stay in the core's cache, so this is
    /// the evaluation's own cost without reading the leads from memory (for the CPU-time run's breakdown).
    /// </summary>
    internal int EvaluateFirst(int count)
    {
        var sum = 0;
        foreach (var lead in _leads.AsSpan(0, count))
        {
            sum += _scorer.Evaluate(lead).Score;
        }

        return sum;
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
