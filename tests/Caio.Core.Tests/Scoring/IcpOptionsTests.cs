using Caio.Leads;
using Caio.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Scoring;

public sealed class IcpOptionsTests
{
    [Fact]
    public void Defaults_AreTheSpecifiedRules()
    {
        var sut = new IcpOptions();

        Assert.Equal("Caio:Scoring", IcpOptions.SectionName);
        Assert.Equal(100, sut.MaxScore);
        Assert.Equal(10, sut.CompanySize.MinimumEmployees);
        Assert.Equal((25, 22, 15, 8), (sut.Titles.CLevel.Points, sut.Titles.VpStrategic.Points, sut.Titles.Director.Points, sut.Titles.Manager.Points));
        Assert.Equal((20, 15, 10), (sut.Industries.Tier1.Points, sut.Industries.Tier2.Points, sut.Industries.Tier3.Points));
        Assert.Equal(15, sut.TechStack.Cap);
        Assert.Equal(20, sut.Intent.Cap);
        Assert.Equal((80, 60, 40, 70, 85), (sut.Tiers.Tier1Min, sut.Tiers.Tier2Min, sut.Tiers.Tier3Min, sut.Tiers.NeedsReviewMin, sut.Tiers.NeedsReviewMax));
        Assert.Equal((1.5, 1.3, 1.3, 1.2, 1.1, 1.0), (sut.Multipliers.CLevelInTier1Industry, sut.Multipliers.CLevel, sut.Multipliers.VpStrategicInTier1Industry, sut.Multipliers.VpStrategicInTier2Industry, sut.Multipliers.VpStrategic, sut.Multipliers.Other));
        Assert.Contains("government", sut.Exclusions.Industries);
        Assert.Contains("non-profit", sut.Exclusions.Industries);
        Assert.Contains("education", sut.Exclusions.Industries);
        Assert.True(new IcpOptionsValidator().Validate(null, sut).Succeeded);
    }

    [Fact]
    public void Bind_InMemoryConfiguration_OverridesScalarsAndExtendsLists()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Caio:Scoring:Tiers:Tier1Min"] = "85",
                ["Caio:Scoring:Titles:CLevel:Points"] = "30",
                ["Caio:Scoring:Titles:CLevel:Phrases:0"] = "chairman",
                ["Caio:Scoring:Exclusions:Domains:0"] = "competitor.com",
                ["Caio:Scoring:Exclusions:CompanyNames:0"] = "Globex",
                ["Caio:Scoring:TechStack:Categories:Crm:Points"] = "10",
                ["Caio:Scoring:TechStack:Categories:DataTools:Points"] = "4",
                ["Caio:Scoring:TechStack:Categories:DataTools:Technologies:0"] = "Snowflake",
                ["Caio:Scoring:Intent:SourceTypePoints:WebsiteVisitor"] = "2",
                ["Caio:Scoring:Engagement:SourceTypePoints:Search"] = "1",
                ["Caio:Scoring:Multipliers:CLevel"] = "1.25",
                ["Caio:Scoring:CompanySize:Bands:Micro:Points"] = "3",
                ["Caio:Scoring:CompanySize:Bands:Enterprise:Max"] = "5000",
            })
            .Build();
        var options = new IcpOptions();

        configuration.GetSection(IcpOptions.SectionName).Bind(options);

        Assert.Equal(85, options.Tiers.Tier1Min);
        Assert.Equal(60, options.Tiers.Tier2Min);
        Assert.Equal(30, options.Titles.CLevel.Points);
        Assert.Contains("chairman", options.Titles.CLevel.Phrases);
        Assert.Contains("ceo", options.Titles.CLevel.Phrases);
        Assert.Equal(["competitor.com"], options.Exclusions.Domains);
        Assert.Equal(10, options.TechStack.Categories["Crm"].Points);
        Assert.Contains("Salesforce", options.TechStack.Categories["Crm"].Technologies);
        Assert.Equal(["Snowflake"], options.TechStack.Categories["DataTools"].Technologies);
        Assert.Equal(2, options.Intent.SourceTypePoints[SourceType.WebsiteVisitor]);
        Assert.Equal(10, options.Intent.SourceTypePoints[SourceType.DemoRequester]);
        Assert.Equal(1, options.Engagement.SourceTypePoints[SourceType.Search]);
        Assert.Equal(1.25, options.Multipliers.CLevel);
        Assert.Equal(3, options.CompanySize.Bands["Micro"].Points);
        Assert.Equal((1001, 5000), (options.CompanySize.Bands["Enterprise"].Min, options.CompanySize.Bands["Enterprise"].Max));
        Assert.True(new IcpOptionsValidator().Validate(null, options).Succeeded);

        var sut = new IcpScorer(Options.Create(options));
        var lead = new Lead
        {
            Title = "Chairman",
            Email = "x@eu.competitor.com",
            Company = new Company { Name = "Globex Corporation", TechStack = ["Snowflake", "HubSpot"] },
            Source = new LeadSource { Type = SourceType.WebsiteVisitor },
        };
        var evaluation = sut.Evaluate(lead);
        Assert.Equal((30, 14, 2), (evaluation.Title, evaluation.TechStack, evaluation.Intent));
        Assert.Equal(1.25, evaluation.Multiplier);
        Assert.Equal(IcpDisqualifications.ExcludedDomain | IcpDisqualifications.ExcludedCompanyName, evaluation.Disqualifications);
        Assert.Equal(57, evaluation.Score);
        Assert.Equal(Tier.Tier3, evaluation.Tier);
    }

    [Fact]
    public void Validate_TierThresholdsOutOfOrder_NamesTheSetting()
    {
        var options = new IcpOptions();
        options.Tiers.Tier1Min = 60;
        options.Tiers.Tier3Min = 70;

        var result = new IcpOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Caio:Scoring:Tiers:Tier1Min must be greater than Tier2Min.", result.Failures);
        Assert.Contains("Caio:Scoring:Tiers:Tier2Min must be greater than Tier3Min.", result.Failures);
    }

    [Fact]
    public void Validate_ReviewBandInverted_NamesTheSetting()
    {
        var options = new IcpOptions();
        options.Tiers.NeedsReviewMin = 90;

        Assert.Equal(
            ["Caio:Scoring:Tiers:NeedsReviewMin must not be greater than NeedsReviewMax."],
            new IcpOptionsValidator().Validate(null, options).Failures);
    }

    [Theory]
    [InlineData(0, "Caio:Scoring:Multipliers:VpStrategic must be greater than 0 and at most 10.")]
    [InlineData(11, "Caio:Scoring:Multipliers:VpStrategic must be greater than 0 and at most 10.")]
    [InlineData(double.NaN, "Caio:Scoring:Multipliers:VpStrategic must be greater than 0 and at most 10.")]
    [InlineData(1.125, "Caio:Scoring:Multipliers:VpStrategic must have at most two decimals.")]
    public void Validate_BadMultiplier_NamesTheSetting(double value, string expected)
    {
        var options = new IcpOptions();
        options.Multipliers.VpStrategic = value;

        Assert.Equal([expected], new IcpOptionsValidator().Validate(null, options).Failures);
    }

    [Fact]
    public void Validate_NegativePointsAndCaps_NameEachSetting()
    {
        var options = new IcpOptions();
        options.Titles.Director.Points = -1;
        options.Intent.Cap = -1;
        options.TechStack.Categories["Crm"].Points = -8;
        options.Engagement.SourceTypePoints[SourceType.PostCommenter] = -5;

        var failures = new IcpOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains("Caio:Scoring:Titles:Director:Points must not be negative.", failures);
        Assert.Contains("Caio:Scoring:Intent:Cap must not be negative.", failures);
        Assert.Contains("Caio:Scoring:TechStack:Categories:Crm:Points must not be negative.", failures);
        Assert.Contains("Caio:Scoring:Engagement:SourceTypePoints:PostCommenter must not be negative.", failures);
    }

    [Fact]
    public void Validate_OverlappingBands_NamesBothBands()
    {
        var options = new IcpOptions();
        options.CompanySize.Bands["Small"].Max = 60;

        Assert.Equal(
            ["Caio:Scoring:CompanySize:Bands:Small overlaps Caio:Scoring:CompanySize:Bands:Midsize."],
            new IcpOptionsValidator().Validate(null, options).Failures);
    }

    [Fact]
    public void Validate_InvalidPhrases_NameTheEntry()
    {
        var options = new IcpOptions();
        options.Titles.Manager.Phrases.Add("sales & marketing");
        options.Industries.Tier3.Phrases.Add("  ");
        options.Titles.VpStrategic.Phrases.Add("* officer");

        var failures = new IcpOptionsValidator().Validate(null, options).Failures!;

        Assert.Equal(3, failures.Count());
        Assert.Contains(failures, f => f.StartsWith($"Caio:Scoring:Titles:Manager:Phrases:{options.Titles.Manager.Phrases.Count - 1} ('sales & marketing') contains a separator", StringComparison.Ordinal));
        Assert.Contains($"Caio:Scoring:Industries:Tier3:Phrases:{options.Industries.Tier3.Phrases.Count - 1} ('  ') is empty.", failures);
        Assert.Contains($"Caio:Scoring:Titles:VpStrategic:Phrases:{options.Titles.VpStrategic.Phrases.Count - 1} ('* officer') cannot start or end with '*'.", failures);
    }

    [Fact]
    public void Validate_TechnologyInTwoCategories_NamesBoth()
    {
        var options = new IcpOptions();
        options.TechStack.Categories["SalesTools"].Technologies.Add("hubspot");

        Assert.Equal(
            ["Caio:Scoring:TechStack:Categories:SalesTools:Technologies contains 'hubspot', which is already in Caio:Scoring:TechStack:Categories:Crm."],
            new IcpOptionsValidator().Validate(null, options).Failures);
    }

    [Fact]
    public void Validate_IntentThresholdsOutOfOrder_NamesTheSetting()
    {
        var options = new IcpOptions();
        options.Intent.SiteVisitsHighThreshold = 2;
        options.Intent.PricingPageThreshold = 0;

        var failures = new IcpOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains("Caio:Scoring:Intent:SiteVisitsHighThreshold must be greater than SiteVisitsLowThreshold.", failures);
        Assert.Contains("Caio:Scoring:Intent:PricingPageThreshold must be at least 1.", failures);
    }

    [Fact]
    public void Validate_MissingSection_NamesIt()
    {
        var options = new IcpOptions { Titles = null!, Exclusions = new ExclusionOptions { Domains = ["not a domain"] } };

        var failures = new IcpOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains("Caio:Scoring:Titles must be set.", failures);
        Assert.Contains("Caio:Scoring:Exclusions:Domains:0 ('not a domain') is not a domain.", failures);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryMessage()
    {
        var options = new IcpOptions();
        options.Tiers.Tier1Min = 50;
        options.MaxScore = 0;

        var ex = Assert.Throws<OptionsValidationException>(() => new IcpScorer(options));

        Assert.Contains("Caio:Scoring:Tiers:Tier1Min must be greater than Tier2Min.", ex.Failures);
        Assert.Contains("Caio:Scoring:MaxScore must be greater than 0.", ex.Failures);
    }
}
