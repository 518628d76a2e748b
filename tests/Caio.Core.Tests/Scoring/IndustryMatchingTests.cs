using Caio.Leads;
using Caio.Scoring;

namespace Caio.Core.Tests.Scoring;

public sealed class IndustryMatchingTests
{
    private static readonly IcpScorer Sut = new(new IcpOptions());

    [Theory]
    [InlineData("Staffing & Recruiting", IndustryTier.Tier1)]
    [InlineData("Marketing & Advertising", IndustryTier.Tier1)]
    [InlineData("Advertising Services", IndustryTier.Tier1)]
    [InlineData("Creative agency", IndustryTier.Tier1)]
    [InlineData("Human Resources Services", IndustryTier.Tier1)]
    [InlineData("Management Consulting", IndustryTier.Tier1)]
    [InlineData("Business Consulting and Services", IndustryTier.Tier1)]
    [InlineData("Law Practice", IndustryTier.Tier1)]
    [InlineData("Legal Services", IndustryTier.Tier1)]
    [InlineData("Accounting", IndustryTier.Tier1)]
    [InlineData("Real Estate", IndustryTier.Tier1)]
    [InlineData("Property Management", IndustryTier.Tier1)]
    [InlineData("E-commerce", IndustryTier.Tier1)]
    [InlineData("E-Commerce", IndustryTier.Tier1)]
    [InlineData("ecommerce", IndustryTier.Tier1)]
    [InlineData("DTC", IndustryTier.Tier1)]
    [InlineData("Direct-to-Consumer brands", IndustryTier.Tier1)]
    [InlineData("Retail tech", IndustryTier.Tier1)]
    [InlineData("Retail Technology", IndustryTier.Tier1)]
    [InlineData("Information Technology & Services", IndustryTier.Tier2)]
    [InlineData("IT Services and IT Consulting", IndustryTier.Tier2)]
    [InlineData("Computer Software", IndustryTier.Tier2)]
    [InlineData("SaaS", IndustryTier.Tier2)]
    [InlineData("Technology, Information and Internet", IndustryTier.Tier2)]
    [InlineData("Managed Services", IndustryTier.Tier2)]
    [InlineData("Cloud", IndustryTier.Tier2)]
    [InlineData("Hospital & Health Care", IndustryTier.Tier2)]
    [InlineData("healthcare", IndustryTier.Tier2)]
    [InlineData("Health Care", IndustryTier.Tier2)]
    [InlineData("Health tech", IndustryTier.Tier2)]
    [InlineData("Biotechnology", IndustryTier.Tier2)]
    [InlineData("Medical Devices", IndustryTier.Tier2)]
    [InlineData("Financial Services", IndustryTier.Tier2)]
    [InlineData("Insurance", IndustryTier.Tier2)]
    [InlineData("Banking", IndustryTier.Tier2)]
    [InlineData("Fintech", IndustryTier.Tier2)]
    [InlineData("Wealth Management", IndustryTier.Tier2)]
    [InlineData("Manufacturing", IndustryTier.Tier3)]
    [InlineData("Logistics and Supply Chain", IndustryTier.Tier3)]
    [InlineData("Transportation, Logistics, Supply Chain and Storage", IndustryTier.Tier3)]
    [InlineData("Warehousing", IndustryTier.Tier3)]
    [InlineData("Construction", IndustryTier.Tier3)]
    [InlineData("Home Services", IndustryTier.Tier3)]
    [InlineData("Professional Services", IndustryTier.Tier3)]
    [InlineData("Engineering Services", IndustryTier.Tier3)]
    [InlineData("Retail", IndustryTier.None)]
    [InlineData("Health, Wellness & Fitness", IndustryTier.None)]
    [InlineData("Public Relations and Communications", IndustryTier.None)]
    [InlineData("Professional Training & Coaching", IndustryTier.None)]
    [InlineData("Marketplaces", IndustryTier.None)]
    [InlineData("Lawn care", IndustryTier.None)]
    [InlineData("Estate planning", IndustryTier.None)]
    [InlineData("Taxidermy", IndustryTier.None)]
    [InlineData("", IndustryTier.None)]
    public void Evaluate_Industry_MatchesTierOnWordsAndPhrases(string industry, IndustryTier expected) =>
        Assert.Equal(expected, Sut.Evaluate(LeadIn(industry)).IndustryTier);

    [Theory]
    [InlineData(IndustryTier.Tier1, 20)]
    [InlineData(IndustryTier.Tier2, 15)]
    [InlineData(IndustryTier.Tier3, 10)]
    [InlineData(IndustryTier.None, 0)]
    public void Evaluate_IndustryTier_AwardsTierPoints(IndustryTier tier, int expected)
    {
        var industry = tier switch
        {
            IndustryTier.Tier1 => "Staffing & Recruiting",
            IndustryTier.Tier2 => "Computer Software",
            IndustryTier.Tier3 => "Manufacturing",
            _ => "Retail",
        };

        Assert.Equal(expected, Sut.Evaluate(LeadIn(industry)).Industry);
    }

    [Theory]
    [InlineData("Government Administration")]
    [InlineData("government")]
    [InlineData("Non-profit Organization")]
    [InlineData("Non-profit Organization Management")]
    [InlineData("Nonprofit Organizations")]
    [InlineData("Not-for-profit")]
    [InlineData("Higher Education")]
    [InlineData("Education Management")]
    [InlineData("Primary and Secondary Education")]
    [InlineData("Law Enforcement")]
    [InlineData("Armed Forces")]
    [InlineData("Public Sector")]
    public void Evaluate_ExcludedIndustry_Disqualifies(string industry)
    {
        var evaluation = Sut.Evaluate(LeadIn(industry));

        Assert.True(evaluation.Disqualified);
        Assert.Equal(IcpDisqualifications.ExcludedIndustry, evaluation.Disqualifications);
    }

    [Theory]
    [InlineData("Public Relations and Communications")]
    [InlineData("Legal Services")]
    [InlineData("Profitability Consulting")]
    [InlineData("Educational toys retail")]
    public void Evaluate_WordNearAnExcludedOne_DoesNotDisqualify(string industry) =>
        Assert.False(Sut.Evaluate(LeadIn(industry)).Disqualified);

    [Fact]
    public void Evaluate_LawEnforcement_PhraseHidesTheTierOneWordLaw()
    {
        var evaluation = Sut.Evaluate(LeadIn("Law Enforcement"));

        Assert.Equal(IndustryTier.None, evaluation.IndustryTier);
        Assert.Equal(0, evaluation.Industry);
    }

    [Fact]
    public void Evaluate_ExcludedAndTieredWords_KeepsTierPointsAndDisqualifies()
    {
        var evaluation = Sut.Evaluate(LeadIn("Education Technology"));

        Assert.Equal(IndustryTier.Tier2, evaluation.IndustryTier);
        Assert.Equal(15, evaluation.Industry);
        Assert.True(evaluation.Disqualified);
    }

    [Fact]
    public void Score_Industry_ReasonNamesTierAndPhrases()
    {
        var reason = Sut.Score(LeadIn("Staffing & Recruiting")).Reasons.Single(r => r.Category == ScoreCategories.Industry);

        Assert.Equal(20, reason.Points);
        Assert.Equal("industry 'Staffing & Recruiting' matched industry tier 1 (staffing, recruiting)", reason.Detail);
    }

    [Fact]
    public void Score_ExcludedIndustry_ReasonNamesExclusion()
    {
        var score = Sut.Score(LeadIn("Government Administration"));

        Assert.Equal(
            "industry 'Government Administration' matched no industry tier; excluded (government administration)",
            score.Reasons.Single(r => r.Category == ScoreCategories.Industry).Detail);
        Assert.Equal(
            "industry 'Government Administration' is excluded",
            score.Reasons.Single(r => r.Category == ScoreCategories.Disqualified).Detail);
    }

    private static Lead LeadIn(string industry) => new() { Company = new Company { Industry = industry } };
}
