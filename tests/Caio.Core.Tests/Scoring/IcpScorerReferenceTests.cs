using Caio.Leads;
using Caio.Scoring;

namespace Caio.Core.Tests.Scoring;

/// <summary>
/// The evaluation selects points without branching on the lead's values. These tests score seeded leads that vary in
/// everything and compare each category with a plain, rule-by-rule reading of the options written here, and with
/// the explanation (<see cref="IcpScorer.Score"/>).
/// </summary>
public sealed class IcpScorerReferenceTests
{
    private static readonly string?[] Titles = ["CEO", "VP Sales", "Director of Sales", "Sales Manager", "Executive Assistant to the CEO", "Intern", "", null, "  cto  "];
    private static readonly string?[] Industries = ["Computer Software", "Staffing & Recruiting", "Manufacturing", "Higher Education", "  SOFTWARE ", "Farming", null];
    private static readonly int?[] Employees = [null, -1, int.MinValue, 0, 9, 10, 19, 20, 50, 51, 99, 100, 199, 200, 500, 501, 1000, 1001, 250_000, int.MaxValue];

    public static TheoryData<string> OptionSets => ["defaults", "gapped bands and 70 more technologies"];

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Evaluate_SeededVariedLeads_MatchesTheRulesReadOneByOne(string optionSet)
    {
        var options = Options(optionSet);
        var scorer = new IcpScorer(options);
        string?[] technologies = ["Salesforce", "salesforce", " HubSpot ", "Gong", "Klaviyo", "Zoho", "Jira", null, "Tool3", "tool3", "Tool63", "Tool64", "Tool69"];
        var random = new Random(61);
        for (var i = 0; i < 3_000; i++)
        {
            var lead = SeededLead(random, i, technologies);

            var evaluation = scorer.Evaluate(lead);
            var expected = Reference(options, lead, evaluation.TitleClass, evaluation.IndustryTier);

            Assert.True(
                expected == (evaluation.CompanySize, evaluation.Title, evaluation.Industry, evaluation.TechStack, evaluation.Intent, evaluation.Engagement, evaluation.Multiplier, evaluation.Score, evaluation.Tier, evaluation.NeedsReview),
                $"lead {i}: expected {expected}, evaluated {evaluation}");

            var score = scorer.Score(lead);
            int Points(string category) => score.Reasons.Where(r => r.Category == category).Sum(r => r.Points);
            Assert.Equal(
                (evaluation.CompanySize, evaluation.Title, evaluation.Industry, evaluation.TechStack, evaluation.Intent, evaluation.Engagement, evaluation.Score, evaluation.Tier, evaluation.NeedsReview, evaluation.Disqualified),
                (Points(ScoreCategories.CompanySize), Points(ScoreCategories.Title), Points(ScoreCategories.Industry), Points(ScoreCategories.TechStack), Points(ScoreCategories.Intent), Points(ScoreCategories.Engagement), score.Score, score.Tier, score.NeedsReview, score.Disqualified));
        }
    }

    private static IcpOptions Options(string optionSet)
    {
        var options = new IcpOptions();
        if (optionSet != "defaults")
        {
            options.CompanySize.Bands = new Dictionary<string, CompanySizeBand>
            {
                ["Tiny"] = new() { Min = 0, Max = 9, Points = 3 },
                ["Hundreds"] = new() { Min = 100, Max = 199, Points = 7 },
                ["Huge"] = new() { Min = 200_000, Max = null, Points = 11 },
            };
            options.CompanySize.MinimumEmployees = 0;
            options.TechStack.Cap = 60;
            options.TechStack.Categories["Extra"] = new TechCategoryOptions(2, Enumerable.Range(0, 70).Select(n => $"Tool{n}"));
            options.Tiers.NeedsReviewMin = 0;
            options.Tiers.NeedsReviewMax = 40;
        }

        return options;
    }

    private static Lead SeededLead(Random random, int i, string?[] technologies) => new()
    {
        Email = $"person{i}@company{i % 7}.example",
        Title = Titles[random.Next(Titles.Length)],
        Company = new Company
        {
            Name = $"Company {i % 7}",
            Domain = $"company{i % 7}.example",
            Employees = Employees[random.Next(Employees.Length)],
            Industry = Industries[random.Next(Industries.Length)],
            TechStack = [.. Enumerable.Range(0, random.Next(12)).Select(_ => technologies[random.Next(technologies.Length)]!)],
        },
        Intent = new IntentSignals
        {
            SiteVisits = random.Next(7),
            ContentDownloads = random.Next(5),
            PricingPageVisits = random.Next(2),
            DemoRequested = random.Next(4) == 0,
        },
        Source = new LeadSource { Type = (SourceType)random.Next(9), Name = "Import" },
    };

    /// <summary>
    /// Each rule of the options read the plain way, one branch at a time. The title class and industry tier are the
    /// evaluation's (the phrase matching has tests of its own); everything computed from them is not.
    /// </summary>
    private static (int Size, int Title, int Industry, int Tech, int Intent, int Engagement, double Multiplier, int Score, Tier Tier, bool NeedsReview) Reference(
        IcpOptions options, Lead lead, TitleClass titleClass, IndustryTier industryTier)
    {
        var size = 0;
        if (lead.Company?.Employees is int employees && employees >= 0)
        {
            foreach (var band in options.CompanySize.Bands.Values)
            {
                if (employees >= band.Min && employees <= (band.Max ?? int.MaxValue))
                {
                    size = band.Points;
                }
            }
        }

        var title = titleClass switch
        {
            TitleClass.CLevel => options.Titles.CLevel.Points,
            TitleClass.VpStrategic => options.Titles.VpStrategic.Points,
            TitleClass.Director => options.Titles.Director.Points,
            TitleClass.Manager => options.Titles.Manager.Points,
            _ => 0,
        };
        var industry = industryTier switch
        {
            IndustryTier.Tier1 => options.Industries.Tier1.Points,
            IndustryTier.Tier2 => options.Industries.Tier2.Points,
            IndustryTier.Tier3 => options.Industries.Tier3.Points,
            _ => 0,
        };

        var counted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tech = 0;
        foreach (var name in lead.Company?.TechStack ?? [])
        {
            var category = name is null ? null : options.TechStack.Categories.Values
                .FirstOrDefault(c => c.Technologies.Any(t => string.Equals(t.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)));
            if (category is not null && counted.Add(name!.Trim()))
            {
                tech += category.Points;
            }
        }

        tech = Math.Min(tech, options.TechStack.Cap);

        var rules = options.Intent;
        var signals = lead.Intent!;
        var intent = 0;
        if (signals.SiteVisits >= rules.SiteVisitsHighThreshold)
        {
            intent += rules.SiteVisitsHighPoints;
        }
        else if (signals.SiteVisits >= rules.SiteVisitsLowThreshold)
        {
            intent += rules.SiteVisitsLowPoints;
        }

        if (signals.ContentDownloads >= rules.ContentDownloadsHighThreshold)
        {
            intent += rules.ContentDownloadsHighPoints;
        }
        else if (signals.ContentDownloads >= rules.ContentDownloadsLowThreshold)
        {
            intent += rules.ContentDownloadsLowPoints;
        }

        if (signals.PricingPageVisits >= rules.PricingPageThreshold)
        {
            intent += rules.PricingPagePoints;
        }

        if (signals.DemoRequested)
        {
            intent += rules.DemoRequestedPoints;
        }

        var sourceType = lead.Source!.Type;
        intent = Math.Min(intent + (rules.SourceTypePoints.TryGetValue(sourceType, out var intentPoints) ? intentPoints : 0), rules.Cap);
        var engagement = options.Engagement.SourceTypePoints.TryGetValue(sourceType, out var engagementPoints) ? engagementPoints : 0;

        var multipliers = options.Multipliers;
        var multiplier = multipliers.Other;
        if (titleClass == TitleClass.CLevel)
        {
            multiplier = industryTier == IndustryTier.Tier1 ? multipliers.CLevelInTier1Industry : multipliers.CLevel;
        }
        else if (titleClass == TitleClass.VpStrategic)
        {
            multiplier = industryTier == IndustryTier.Tier1 ? multipliers.VpStrategicInTier1Industry
                : industryTier == IndustryTier.Tier2 ? multipliers.VpStrategicInTier2Industry
                : multipliers.VpStrategic;
        }

        var sum = size + title + industry + tech + intent + engagement;
        var score = Math.Min(options.MaxScore, sum * (int)Math.Round(multiplier * 100) / 100);
        var tiers = options.Tiers;
        var tier = score >= tiers.Tier1Min ? Tier.Tier1 : score >= tiers.Tier2Min ? Tier.Tier2 : score >= tiers.Tier3Min ? Tier.Tier3 : Tier.Tier4;
        var needsReview = score >= tiers.NeedsReviewMin && score <= tiers.NeedsReviewMax;
        return (size, title, industry, tech, intent, engagement, multiplier, score, tier, needsReview);
    }
}
