using Caio.Leads;
using Caio.Scoring;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Scoring;

public sealed class IcpScorerTests
{
    private static readonly IcpScorer Sut = new(new IcpOptions());

    // ---- company size -------------------------------------------------------------------

    [Theory]
    [InlineData(10, 5)]
    [InlineData(19, 5)]
    [InlineData(20, 12)]
    [InlineData(50, 12)]
    [InlineData(51, 20)]
    [InlineData(500, 20)]
    [InlineData(501, 15)]
    [InlineData(1000, 15)]
    [InlineData(1001, 10)]
    [InlineData(250_000, 10)]
    public void Evaluate_EmployeeCount_AwardsBandPoints(int employees, int expected)
    {
        var evaluation = Sut.Evaluate(WithEmployees(employees));

        Assert.Equal(expected, evaluation.CompanySize);
        Assert.False(evaluation.Disqualified);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void Evaluate_FewerThanTenEmployees_DisqualifiesWithZeroPoints(int employees)
    {
        var evaluation = Sut.Evaluate(WithEmployees(employees));

        Assert.Equal(0, evaluation.CompanySize);
        Assert.Equal(IcpDisqualifications.CompanyTooSmall, evaluation.Disqualifications);
    }

    [Fact]
    public void Evaluate_UnknownOrInvalidEmployeeCount_ScoresZeroWithoutDisqualifying()
    {
        Assert.False(Sut.Evaluate(new Lead { Company = new Company() }).Disqualified);
        var negative = Sut.Evaluate(WithEmployees(-5));
        Assert.False(negative.Disqualified);
        Assert.Equal(0, negative.CompanySize);
    }

    // ---- tech stack ---------------------------------------------------------------------

    [Theory]
    [InlineData(8, "Salesforce")]
    [InlineData(8, "salesforce")]
    [InlineData(8, " HubSpot ")]
    [InlineData(8, "zoho crm")]
    [InlineData(8, "Dynamics 365")]
    [InlineData(5, "Gong")]
    [InlineData(5, "ZoomInfo")]
    [InlineData(3, "Klaviyo")]
    [InlineData(8, "Gong", "Marketo")]
    [InlineData(13, "Outreach", "Apollo", "Intercom")]
    [InlineData(15, "Salesforce", "HubSpot")]
    [InlineData(15, "Salesforce", "Gong", "Marketo", "Mailchimp")]
    [InlineData(8, "Salesforce", "SALESFORCE", "salesforce")]
    [InlineData(0, "Salesforce CRM")]
    [InlineData(0, "Zoho")]
    [InlineData(0, "Slack", "Jira")]
    public void Evaluate_TechStack_CountsEachTechnologyOnceUpToTheCap(int expected, params string[] stack) =>
        Assert.Equal(expected, Sut.Evaluate(new Lead { Company = new Company { TechStack = stack } }).TechStack);

    [Fact]
    public void Evaluate_TechStackWithNullEntry_IgnoresIt()
    {
        var lead = new Lead { Company = new Company { TechStack = [null!, "Gong"] } };

        Assert.Equal(5, Sut.Evaluate(lead).TechStack);
    }

    [Fact]
    public void Score_TechStackOverCap_ReasonShowsTotalAndCap()
    {
        var lead = new Lead { Company = new Company { TechStack = ["Salesforce", "Gong", "Salesforce", "Marketo"] } };

        var reason = Sut.Score(lead).Reasons.Single(r => r.Category == ScoreCategories.TechStack);

        Assert.Equal(15, reason.Points);
        Assert.Equal("Salesforce +8 (Crm), Gong +5 (SalesTools), Marketo +3 (MarketingTools) = 16, capped at 15", reason.Detail);
    }

    // ---- intent and engagement ----------------------------------------------------------

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 8)]
    [InlineData(40, 8)]
    public void Evaluate_SiteVisits_AwardsThresholdPoints(int visits, int expected) =>
        Assert.Equal(expected, Sut.Evaluate(new Lead { Intent = new IntentSignals { SiteVisits = visits } }).Intent);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 4)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(9, 8)]
    public void Evaluate_ContentDownloads_AwardsThresholdPoints(int downloads, int expected) =>
        Assert.Equal(expected, Sut.Evaluate(new Lead { Intent = new IntentSignals { ContentDownloads = downloads } }).Intent);

    [Fact]
    public void Evaluate_PricingPageAndDemo_AwardPoints()
    {
        Assert.Equal(6, Sut.Evaluate(new Lead { Intent = new IntentSignals { PricingPageVisits = 1 } }).Intent);
        Assert.Equal(10, Sut.Evaluate(new Lead { Intent = new IntentSignals { DemoRequested = true } }).Intent);
        Assert.Equal(16, Sut.Evaluate(new Lead { Intent = new IntentSignals { PricingPageVisits = 3, DemoRequested = true } }).Intent);
    }

    [Theory]
    [InlineData(SourceType.WebsiteVisitor, 4, 0)]
    [InlineData(SourceType.ContentDownloader, 6, 0)]
    [InlineData(SourceType.DemoRequester, 10, 0)]
    [InlineData(SourceType.WebinarRegistrant, 5, 0)]
    [InlineData(SourceType.PostCommenter, 0, 5)]
    [InlineData(SourceType.EventAttendee, 0, 4)]
    [InlineData(SourceType.CompetitorFollower, 0, 3)]
    [InlineData(SourceType.Import, 0, 0)]
    [InlineData(SourceType.Search, 0, 0)]
    public void Evaluate_SourceType_AwardsIntentOrEngagementPoints(SourceType type, int intent, int engagement)
    {
        var evaluation = Sut.Evaluate(new Lead { Source = new LeadSource { Type = type } });

        Assert.Equal(intent, evaluation.Intent);
        Assert.Equal(engagement, evaluation.Engagement);
    }

    [Fact]
    public void Evaluate_IntentOverCap_CapsAtTwenty()
    {
        var lead = new Lead
        {
            Intent = new IntentSignals { SiteVisits = 9, ContentDownloads = 4, PricingPageVisits = 2, DemoRequested = true },
            Source = new LeadSource { Type = SourceType.DemoRequester },
        };

        Assert.Equal(20, Sut.Evaluate(lead).Intent);
    }

    [Fact]
    public void Evaluate_EngagementBonus_IsAddedOutsideTheIntentCap()
    {
        var lead = new Lead
        {
            Intent = new IntentSignals { SiteVisits = 9, ContentDownloads = 4, PricingPageVisits = 2, DemoRequested = true },
            Source = new LeadSource { Type = SourceType.PostCommenter },
        };

        var evaluation = Sut.Evaluate(lead);

        Assert.Equal(20, evaluation.Intent);
        Assert.Equal(5, evaluation.Engagement);
        Assert.Equal(25, evaluation.Sum);
        Assert.Equal(25, evaluation.Score);
    }

    [Fact]
    public void Score_Intent_ReasonListsSignalsTotalAndCap()
    {
        var lead = new Lead
        {
            Intent = new IntentSignals { SiteVisits = 7, ContentDownloads = 1, PricingPageVisits = 1, DemoRequested = true },
            Source = new LeadSource { Type = SourceType.DemoRequester },
        };

        var reason = Sut.Score(lead).Reasons.Single(r => r.Category == ScoreCategories.Intent);

        Assert.Equal(20, reason.Points);
        Assert.Equal(
            "7 site visits +8, 1 content download +4, pricing page visited +6, demo requested +10, source demo_requester +10 = 38, capped at 20",
            reason.Detail);
    }

    // ---- multiplier ---------------------------------------------------------------------

    [Theory]
    [InlineData("CEO", "Staffing & Recruiting", 1.5)]
    [InlineData("CEO", "Computer Software", 1.3)]
    [InlineData("CEO", "Manufacturing", 1.3)]
    [InlineData("CEO", null, 1.3)]
    [InlineData("VP Sales", "Staffing & Recruiting", 1.3)]
    [InlineData("VP Sales", "Computer Software", 1.2)]
    [InlineData("VP Sales", "Manufacturing", 1.1)]
    [InlineData("VP Sales", null, 1.1)]
    [InlineData("Director", "Staffing & Recruiting", 1.0)]
    [InlineData("Manager", "Computer Software", 1.0)]
    [InlineData(null, "Staffing & Recruiting", 1.0)]
    public void Evaluate_TitleAndIndustry_SelectMultiplier(string? title, string? industry, double expected) =>
        Assert.Equal(expected, Sut.Evaluate(new Lead { Title = title, Company = new Company { Industry = industry } }).Multiplier);

    [Fact]
    public void Evaluate_VpInNoTierIndustry_FiftyTimesOnePointOneIsFiftyFive()
    {
        // 22 (VP) + 20 (51–500 employees) + 8 (CRM) = 50; 50 × 1.1 must be 55, not 54.
        var lead = new Lead
        {
            Title = "VP Sales",
            Company = new Company { Employees = 200, Industry = "Retail", TechStack = ["Salesforce"] },
        };

        var evaluation = Sut.Evaluate(lead);

        Assert.Equal(50, evaluation.Sum);
        Assert.Equal(55, evaluation.Score);
        Assert.Equal(Tier.Tier3, evaluation.Tier);
    }

    [Fact]
    public void Evaluate_ProductBelowSixty_TruncatesToFiftyNine()
    {
        // 25 (CEO) + 15 (tier-2 industry) + 6 (pricing page) = 46; × 1.3 = 59.8 → 59, tier_3.
        var lead = new Lead
        {
            Title = "CEO",
            Company = new Company { Industry = "Computer Software" },
            Intent = new IntentSignals { PricingPageVisits = 1 },
        };

        var evaluation = Sut.Evaluate(lead);

        Assert.Equal(46, evaluation.Sum);
        Assert.Equal(59, evaluation.Score);
        Assert.Equal(Tier.Tier3, evaluation.Tier);
    }

    [Fact]
    public void Evaluate_ProductJustOverHundred_TruncatesThenCapsAtHundred()
    {
        // 25 (CEO) + 15 (tier-2 industry) + 12 (20–50 employees) + 5 (Gong) + 20 intent (capped from 26) = 77; × 1.3 = 100.1 → 100.
        var lead = new Lead
        {
            Title = "CEO",
            Company = new Company { Employees = 30, Industry = "Computer Software", TechStack = ["Gong"] },
            Intent = new IntentSignals { SiteVisits = 5, ContentDownloads = 3, DemoRequested = true },
        };

        var evaluation = Sut.Evaluate(lead);

        Assert.Equal(25 + 15 + 12 + 5 + 20, evaluation.Sum);
        Assert.Equal(100, evaluation.Score);
    }

    [Fact]
    public void Evaluate_ProductFarOverHundred_CapsAtHundred()
    {
        // 25 + 20 + 20 + 15 + 20 + 5 = 105; × 1.5 = 157.5 → 100.
        var lead = new Lead
        {
            Title = "Founder & CEO",
            Company = new Company { Employees = 120, Industry = "Marketing & Advertising", TechStack = ["HubSpot", "Gong", "Klaviyo"] },
            Intent = new IntentSignals { SiteVisits = 12, DemoRequested = true, PricingPageVisits = 4 },
            Source = new LeadSource { Type = SourceType.PostCommenter },
        };

        var evaluation = Sut.Evaluate(lead);

        Assert.Equal(105, evaluation.Sum);
        Assert.Equal(100, evaluation.Score);
        Assert.Equal(Tier.Tier1, evaluation.Tier);
        Assert.False(evaluation.NeedsReview);
    }

    [Theory]
    [InlineData(1.1)]
    [InlineData(1.2)]
    [InlineData(1.3)]
    [InlineData(1.5)]
    [InlineData(1.15)]
    [InlineData(0.7)]
    public void Evaluate_AnySum_EqualsExactDecimalProductTruncatedThenCapped(double multiplier)
    {
        var sut = new IcpScorer(PointsByEmployees(200, o => o.Multipliers.Other = multiplier));
        var exact = (decimal)multiplier;

        Prop.ForAll(
            Gen.Choose(0, 200).ToArbitrary(),
            sum =>
            {
                var expected = Math.Min(100, (int)decimal.Truncate(sum * exact));
                return sut.Evaluate(WithEmployees(sum)).Score == expected;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Score_Multiplier_ReasonShowsProductTruncationAndCap()
    {
        var sut = new IcpScorer(PointsByEmployees(200, o => o.Multipliers.Other = 1.3));

        Assert.Equal("×1.3 for no title multiplier: 46 × 1.3 = 59.8, truncated to 59", MultiplierDetail(sut, 46));
        Assert.Equal("×1.3 for no title multiplier: 80 × 1.3 = 104, capped at 100", MultiplierDetail(sut, 80));
        Assert.Equal("×1.3 for no title multiplier: 50 × 1.3 = 65", MultiplierDetail(sut, 50));

        static string MultiplierDetail(IcpScorer sut, int employees) =>
            sut.Score(WithEmployees(employees)).Reasons.Single(r => r.Category == ScoreCategories.Multiplier).Detail;
    }

    [Fact]
    public void Score_CLevelInTierOneIndustry_MultiplierReasonNamesWhy()
    {
        var score = Sut.Score(new Lead { Title = "CEO", Company = new Company { Industry = "Staffing" } });

        Assert.Equal(1.5, score.Multiplier);
        Assert.Equal(67, score.Score);
        Assert.Equal(
            "×1.5 for c_level title in industry tier 1: 45 × 1.5 = 67.5, truncated to 67",
            score.Reasons.Single(r => r.Category == ScoreCategories.Multiplier).Detail);
    }

    // ---- tiers and review band ----------------------------------------------------------

    [Theory]
    [InlineData(0, Tier.Tier4)]
    [InlineData(39, Tier.Tier4)]
    [InlineData(40, Tier.Tier3)]
    [InlineData(59, Tier.Tier3)]
    [InlineData(60, Tier.Tier2)]
    [InlineData(79, Tier.Tier2)]
    [InlineData(80, Tier.Tier1)]
    [InlineData(100, Tier.Tier1)]
    public void Evaluate_ScoreAtEdge_AssignsTier(int score, Tier expected)
    {
        var sut = new IcpScorer(PointsByEmployees(100));

        var evaluation = sut.Evaluate(WithEmployees(score));

        Assert.Equal(score, evaluation.Score);
        Assert.Equal(expected, evaluation.Tier);
    }

    [Theory]
    [InlineData(69, false)]
    [InlineData(70, true)]
    [InlineData(77, true)]
    [InlineData(85, true)]
    [InlineData(86, false)]
    public void Evaluate_ScoreAtReviewEdge_FlagsNeedsReview(int score, bool expected)
    {
        var sut = new IcpScorer(PointsByEmployees(100));

        Assert.Equal(expected, sut.Evaluate(WithEmployees(score)).NeedsReview);
    }

    // ---- disqualification ---------------------------------------------------------------

    [Fact]
    public void Evaluate_DisqualifiedLead_StillComputesScoreAndTier()
    {
        var lead = new Lead
        {
            Title = "Founder & CEO",
            Company = new Company { Employees = 6, Industry = "Marketing & Advertising" },
            Intent = new IntentSignals { DemoRequested = true, SiteVisits = 6 },
        };

        var evaluation = Sut.Evaluate(lead);

        Assert.True(evaluation.Disqualified);
        Assert.Equal(IcpDisqualifications.CompanyTooSmall, evaluation.Disqualifications);
        Assert.Equal(63, evaluation.Sum);
        Assert.Equal(94, evaluation.Score);
        Assert.Equal(Tier.Tier1, evaluation.Tier);
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("ACME")]
    [InlineData("Acme, Inc.")]
    [InlineData("Acme Inc")]
    [InlineData("The Acme Company")]
    [InlineData("acme gmbh")]
    public void Evaluate_ExcludedCompanyName_Disqualifies(string name)
    {
        var sut = new IcpScorer(WithExclusions(names: ["Acme Inc."]));

        Assert.Equal(IcpDisqualifications.ExcludedCompanyName, sut.Evaluate(new Lead { Company = new Company { Name = name } }).Disqualifications);
    }

    [Theory]
    [InlineData("Acme Partners")]
    [InlineData("Acmes")]
    [InlineData("Pinnacle Acme")]
    public void Evaluate_OtherCompanyName_DoesNotDisqualify(string name)
    {
        var sut = new IcpScorer(WithExclusions(names: ["Acme"]));

        Assert.False(sut.Evaluate(new Lead { Company = new Company { Name = name } }).Disqualified);
    }

    [Fact]
    public void Evaluate_ExcludedNameWithAmpersand_MatchesSpelledOutAnd()
    {
        var sut = new IcpScorer(WithExclusions(names: ["Johnson & Johnson"]));

        Assert.True(sut.Evaluate(new Lead { Company = new Company { Name = "Johnson and Johnson" } }).Disqualified);
    }

    [Theory]
    [InlineData("competitor.com")]
    [InlineData("Competitor.COM")]
    [InlineData("eu.competitor.com")]
    [InlineData("www.competitor.com")]
    [InlineData("https://www.competitor.com/about")]
    [InlineData("competitor.com.")]
    public void Evaluate_ExcludedCompanyDomain_Disqualifies(string domain)
    {
        var sut = new IcpScorer(WithExclusions(domains: ["competitor.com"]));

        Assert.Equal(IcpDisqualifications.ExcludedDomain, sut.Evaluate(new Lead { Company = new Company { Domain = domain } }).Disqualifications);
    }

    [Theory]
    [InlineData("notcompetitor.com")]
    [InlineData("competitor.co")]
    [InlineData("competitor.com.evil.io")]
    [InlineData("competitor")]
    public void Evaluate_OtherDomain_DoesNotDisqualify(string domain)
    {
        var sut = new IcpScorer(WithExclusions(domains: ["competitor.com"]));

        Assert.False(sut.Evaluate(new Lead { Company = new Company { Domain = domain } }).Disqualified);
    }

    [Theory]
    [InlineData("jane@competitor.com")]
    [InlineData("Jane.Doe@Mail.Competitor.com")]
    public void Evaluate_ExcludedEmailDomain_Disqualifies(string email)
    {
        var sut = new IcpScorer(WithExclusions(domains: ["@Competitor.com"]));

        Assert.Equal(IcpDisqualifications.ExcludedDomain, sut.Evaluate(new Lead { Email = email }).Disqualifications);
    }

    [Fact]
    public void Evaluate_SeveralRulesBroken_ReportsEveryOne()
    {
        var sut = new IcpScorer(WithExclusions(names: ["Acme"], domains: ["acme.org"]));
        var lead = new Lead { Company = new Company { Name = "Acme", Domain = "acme.org", Employees = 3, Industry = "Non-profit" } };

        var evaluation = sut.Evaluate(lead);

        Assert.Equal(
            IcpDisqualifications.CompanyTooSmall | IcpDisqualifications.ExcludedIndustry | IcpDisqualifications.ExcludedCompanyName | IcpDisqualifications.ExcludedDomain,
            evaluation.Disqualifications);
    }

    [Fact]
    public void Score_DisqualifiedLead_AddsReasonNamingEveryRule()
    {
        var sut = new IcpScorer(WithExclusions(domains: ["acme.org"]));
        var lead = new Lead { Email = "jo@eu.acme.org", Company = new Company { Employees = 3 } };

        var score = sut.Score(lead);

        Assert.True(score.Disqualified);
        var reason = Assert.Single(score.Reasons, r => r.Category == ScoreCategories.Disqualified);
        Assert.Equal(0, reason.Points);
        Assert.Equal("company has 3 employees, below the minimum; domain of 'jo@eu.acme.org' is excluded (acme.org)", reason.Detail);
    }

    // ---- absent fields and reasons ------------------------------------------------------

    [Fact]
    public void Evaluate_EmptyLead_ScoresZeroWithoutError()
    {
        var evaluation = Sut.Evaluate(new Lead());

        Assert.Equal(0, evaluation.Score);
        Assert.Equal(Tier.Tier4, evaluation.Tier);
        Assert.False(evaluation.Disqualified);
        Assert.False(evaluation.NeedsReview);
        Assert.Equal(1.0, evaluation.Multiplier);
    }

    [Fact]
    public void Evaluate_EmptyCompanyAndSignals_ScoresZeroWithoutError()
    {
        var lead = new Lead
        {
            Title = "  ",
            Email = "not-an-address",
            Company = new Company { Name = "", Domain = "", Industry = "", TechStack = [] },
            Intent = new IntentSignals { SiteVisits = -3 },
            Source = new LeadSource { Type = (SourceType)99 },
        };

        var sut = new IcpScorer(WithExclusions(names: ["Acme"], domains: ["acme.com"]));

        Assert.Equal(0, sut.Evaluate(lead).Score);
        Assert.False(sut.Evaluate(lead).Disqualified);
    }

    [Fact]
    public void Score_EmptyLead_GivesOneReasonPerCategory()
    {
        var score = Sut.Score(new Lead());

        Assert.Equal(
            [
                ScoreCategories.CompanySize, ScoreCategories.Title, ScoreCategories.Industry, ScoreCategories.TechStack,
                ScoreCategories.Intent, ScoreCategories.Engagement, ScoreCategories.Multiplier,
            ],
            score.Reasons.Select(r => r.Category));
        Assert.Equal(
            ["employee count unknown", "no title", "no industry", "no tech stack", "no intent signals", "no engagement bonus", "×1.0 for no title multiplier: 0 × 1.0 = 0"],
            score.Reasons.Select(r => r.Detail));
    }

    [Fact]
    public void Score_TypicalLead_MatchesEvaluateAndExplainsEveryPoint()
    {
        var lead = TypicalLead();

        var evaluation = Sut.Evaluate(lead);
        var score = Sut.Score(lead);

        Assert.Equal(evaluation.Score, score.Score);
        Assert.Equal(evaluation.Tier, score.Tier);
        Assert.Equal(evaluation.NeedsReview, score.NeedsReview);
        Assert.Equal(evaluation.Disqualified, score.Disqualified);
        Assert.Equal(evaluation.Multiplier, score.Multiplier);
        Assert.Equal(evaluation.Sum, score.Reasons.Sum(r => r.Points));
        Assert.Equal("250 employees, band Midsize (51–500)", score.Reasons[0].Detail);
        Assert.Equal("source event_attendee +4", score.Reasons.Single(r => r.Category == ScoreCategories.Engagement).Detail);
    }

    [Fact]
    public void Evaluate_TypicalLead_ComputesExpectedScore()
    {
        // 20 (250 employees) + 22 (VP) + 15 (software) + 13 (Salesforce, Gong) + 10 (3 visits, pricing page) + 4 (event) = 84; × 1.2 = 100.8 → 100.
        var evaluation = Sut.Evaluate(TypicalLead());

        Assert.Equal(
            (20, 22, 15, 13, 10, 4),
            (evaluation.CompanySize, evaluation.Title, evaluation.Industry, evaluation.TechStack, evaluation.Intent, evaluation.Engagement));
        Assert.Equal(TitleClass.VpStrategic, evaluation.TitleClass);
        Assert.Equal(IndustryTier.Tier2, evaluation.IndustryTier);
        Assert.Equal(1.2, evaluation.Multiplier);
        Assert.Equal(100, evaluation.Score);
    }

    [Fact]
    public void Evaluate_TypicalLead_AllocatesNothing()
    {
        var sut = new IcpScorer(WithExclusions(names: ["Globex"], domains: ["globex.com", "initech.com"]));
        var lead = TypicalLead();
        var total = 0;
        for (var i = 0; i < 200; i++)
        {
            total += sut.Evaluate(lead).Score;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            total += sut.Evaluate(lead).Score;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    [Fact]
    public void Constructor_OptionsWrapper_UsesTheOptions()
    {
        var options = new IcpOptions();
        options.Titles.Manager.Points = 9;

        var sut = new IcpScorer(Options.Create(options));

        Assert.Equal(9, sut.Evaluate(new Lead { Title = "Manager" }).Title);
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_KeepsCompiledRules()
    {
        var options = new IcpOptions();
        var sut = new IcpScorer(options);

        options.Titles.CLevel.Points = 1;
        options.Titles.CLevel.Phrases.Add("chairman");

        Assert.Equal(25, sut.Evaluate(new Lead { Title = "CEO" }).Title);
        Assert.Equal(0, sut.Evaluate(new Lead { Title = "Chairman" }).Title);
    }

    [Fact]
    public void Evaluate_NullLead_Throws() =>
        Assert.Throws<ArgumentNullException>(() => Sut.Evaluate(null!));

    internal static Lead TypicalLead() => new()
    {
        Email = "dana.lee@northwind.io",
        FirstName = "Dana",
        LastName = "Lee",
        Title = "VP of Sales",
        Company = new Company
        {
            Name = "Northwind Software, Inc.",
            Domain = "northwind.io",
            Employees = 250,
            Industry = "Computer Software",
            TechStack = ["Salesforce", "Gong", "Slack"],
        },
        Intent = new IntentSignals { SiteVisits = 3, PricingPageVisits = 1 },
        Source = new LeadSource { Type = SourceType.EventAttendee, Name = "RevOps Summit" },
    };

    private static Lead WithEmployees(int employees) => new() { Company = new Company { Employees = employees } };

    /// <summary>Options in which a company with N employees scores exactly N points (0 ≤ N ≤ max), with multiplier 1.0.</summary>
    private static IcpOptions PointsByEmployees(int max, Action<IcpOptions>? configure = null)
    {
        var options = new IcpOptions();
        options.CompanySize.MinimumEmployees = 0;
        options.CompanySize.Bands.Clear();
        for (var n = 0; n <= max; n++)
        {
            options.CompanySize.Bands[$"B{n}"] = new CompanySizeBand { Min = n, Max = n, Points = n };
        }

        configure?.Invoke(options);
        return options;
    }

    private static IcpOptions WithExclusions(string[]? names = null, string[]? domains = null)
    {
        var options = new IcpOptions();
        foreach (var name in names ?? [])
        {
            options.Exclusions.CompanyNames.Add(name);
        }

        foreach (var domain in domains ?? [])
        {
            options.Exclusions.Domains.Add(domain);
        }

        return options;
    }
}
