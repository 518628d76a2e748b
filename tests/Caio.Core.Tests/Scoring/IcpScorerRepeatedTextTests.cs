using Caio.Leads;
using Caio.Scoring;

namespace Caio.Core.Tests.Scoring;

/// <summary>
/// The scorer remembers the match results of repeated titles, industries and technology names. On seeded, varied
/// leads its evaluations must equal those of the path that matches every text afresh (the one <see cref="IcpScorer.Score"/>
/// takes to explain itself), the first time a text is seen and every time after, from any thread.
/// </summary>
public sealed class IcpScorerRepeatedTextTests
{
    private static readonly string[] Titles =
    [
        "CEO", "Founder & CEO", "Co-Founder", "Chief Executive Officer", "CTO", "Chief Revenue Officer", "Owner",
        "President", "VP Sales", "VP of Marketing", "Vice President, Engineering", "SVP Operations", "Head of Growth",
        "Director of Sales", "Sr. Director of IT", "Sales Manager", "Customer Success Manager", "Account Executive",
        "SDR", "Software Engineer", "Data Analyst", "Intern", "Chief of Staff", "Support Manager", "",
    ];

    private static readonly string[] IndustryBases =
    [
        "Software", "SaaS", "Information Technology & Services", "Marketing and Advertising", "Staffing & Recruiting",
        "Management Consulting", "Real Estate", "E-commerce", "Financial Services", "Hospital & Health Care",
        "Manufacturing", "Logistics & Supply Chain", "Gambling & Casinos", "Government Administration", "Farming",
    ];

    private static readonly string[] Technologies = ["HubSpot", "salesforce", " Gong ", "OUTREACH", "Segment", "Slack", "Stripe", "AWS", "Unknown"];

    [Fact]
    public void Evaluate_SeededLeadsRepeatedly_EqualsMatchingEveryTextAfresh()
    {
        var scorer = new IcpScorer(new IcpOptions());
        var leads = SeededLeads(6_000);

        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var lead in leads)
            {
                var evaluation = scorer.Evaluate(lead);
                var explained = scorer.Score(lead);
                Assert.Equal(explained.Score, evaluation.Score);
                Assert.Equal(explained.Tier, evaluation.Tier);
                Assert.Equal(explained.Disqualified, evaluation.Disqualified);
                Assert.Equal(explained.Multiplier, evaluation.Multiplier);
                Assert.Equal(Points(explained, ScoreCategories.Title), evaluation.Title);
                Assert.Equal(Points(explained, ScoreCategories.Industry), evaluation.Industry);
                Assert.Equal(Points(explained, ScoreCategories.TechStack), evaluation.TechStack);
            }
        }
    }

    [Fact]
    public void Evaluate_SeededLeadsFromManyThreads_EqualsAFreshScorer()
    {
        var leads = SeededLeads(4_000);
        var expected = new IcpEvaluation[leads.Length];
        for (var i = 0; i < leads.Length; i++)
        {
            // Every 200th lead on a scorer that has seen nothing; the rest on one scorer, in order.
            expected[i] = new IcpScorer(new IcpOptions()).Evaluate(leads[i]);
            i += 199;
        }

        var shared = new IcpScorer(new IcpOptions());
        var sequential = leads.Select(shared.Evaluate).ToArray();
        var concurrent = new IcpEvaluation[leads.Length];
        Parallel.For(0, leads.Length * 4, new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken }, n =>
        {
            var i = n % leads.Length;
            concurrent[i] = shared.Evaluate(leads[i]);
        });

        for (var i = 0; i < leads.Length; i += 200)
        {
            Assert.Equal(expected[i], sequential[i]);
        }

        Assert.Equal(sequential, concurrent);
    }

    private static int Points(IcpScore score, string category) => score.Reasons.Single(r => r.Category == category).Points;

    private static Lead[] SeededLeads(int count)
    {
        var random = new Random(17);
        var industries = IndustryBases
            .SelectMany(b => new[] { b, b.ToUpperInvariant(), "  " + b.ToLowerInvariant() + " ", b + " (B2B)", "Global " + b })
            .ToArray();
        var leads = new Lead[count];
        for (var i = 0; i < count; i++)
        {
            // One title in ten is unique to its lead, so texts are matched for the first time throughout.
            var title = Titles[random.Next(Titles.Length)];
            leads[i] = new Lead
            {
                Email = $"person{i}@company{i / 5}.example",
                Title = random.Next(10) == 0 ? $"{title} {i}" : title,
                Company = new Company
                {
                    Name = random.Next(50) == 0 ? "Globex" : $"Company {i / 5}",
                    Domain = $"company{i / 5}.example",
                    Employees = random.Next(100) < 10 ? null : random.Next(1, 5_000),
                    Industry = random.Next(100) < 5 ? null : industries[random.Next(industries.Length)],
                    TechStack = [.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => Technologies[random.Next(Technologies.Length)])],
                },
                Intent = new IntentSignals { SiteVisits = random.Next(0, 5), PricingPageVisits = random.Next(0, 2) },
                Source = new LeadSource { Type = (SourceType)random.Next(0, 4), Name = "Import" },
            };
        }

        return leads;
    }
}
