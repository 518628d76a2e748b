using BenchmarkDotNet.Attributes;
using Caio.Leads;
using Caio.Scoring;

namespace Caio.Benchmarks;

/// <summary>ICP scoring of one typical lead: the allocation-free evaluation and the explained score.</summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private IcpScorer _scorer = null!;
    private Lead _lead = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scorer = CreateScorer();
        _lead = new Lead
        {
            Email = "dana.lee@northwind.io",
            FirstName = "Dana",
            LastName = "Lee",
            Title = "VP of Sales & Marketing",
            Company = new Company
            {
                Name = "Northwind Software, Inc.",
                Domain = "northwind.io",
                Employees = 250,
                Industry = "Information Technology & Services",
                TechStack = ["Salesforce", "Gong", "Slack"],
            },
            Intent = new IntentSignals { SiteVisits = 3, PricingPageVisits = 1 },
            Source = new LeadSource { Type = SourceType.EventAttendee, Name = "RevOps Summit" },
        };
    }

    /// <summary>The scorer every scoring benchmark uses: default options with a few exclusions.</summary>
    internal static IcpScorer CreateScorer()
    {
        var options = new IcpOptions();
        options.Exclusions.CompanyNames.Add("Globex");
        options.Exclusions.Domains.Add("globex.com");
        options.Exclusions.Domains.Add("initech.com");
        return new IcpScorer(options);
    }

    [Benchmark(Baseline = true)]
    public IcpEvaluation Evaluate() => _scorer.Evaluate(_lead);

    [Benchmark]
    public IcpScore ScoreWithReasons() => _scorer.Score(_lead);
}
