using Caio.Crafting;
using Caio.Leads;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Crafting;

public sealed class TemplateCrafterTests
{
    private static readonly SequenceStep Intro = new(1, 1, Channel.Email, "intro");

    [Fact]
    public async Task CraftAsync_Tier1Lead_UsesTier1TemplateWithMergeFields()
    {
        var sut = new TemplateCrafter(Options.Create(new CraftingOptions()));

        var result = await sut.CraftAsync(Scored(new Lead { Email = "a@example.com", FirstName = "Ana", Title = "CEO", Company = new Company { Name = "Acme" } }, Tier.Tier1), Intro, TestContext.Current.CancellationToken);

        Assert.NotNull(result.Draft);
        Assert.Equal("Ana, a question about Acme", result.Draft.Subject);
        Assert.Contains("As CEO at Acme", result.Draft.Body, StringComparison.Ordinal);
        Assert.Null(PlaceholderDetector.FindPlaceholder(result.Draft.Body));
    }

    [Fact]
    public async Task CraftAsync_MissingFieldWithFallback_UsesFallback()
    {
        var sut = new TemplateCrafter(Options.Create(new CraftingOptions()));

        var result = await sut.CraftAsync(Scored(new Lead { Email = "a@example.com", Company = new Company { Name = "Acme" } }, Tier.Tier2), Intro, TestContext.Current.CancellationToken);

        Assert.StartsWith("Hi there,", result.Draft!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CraftAsync_MissingFieldWithoutFallback_Refuses()
    {
        var sut = new TemplateCrafter(Options.Create(new CraftingOptions()));

        var result = await sut.CraftAsync(Scored(new Lead { Email = "a@example.com", FirstName = "Ana" }, Tier.Tier2), Intro, TestContext.Current.CancellationToken);

        Assert.Null(result.Draft);
        Assert.Equal(ReasonCode.MergeFieldMissing, result.Refusal?.Code);
        Assert.Contains("'company'", result.Refusal?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CraftAsync_ValueThatLooksLikeAPlaceholder_Refuses()
    {
        var sut = new TemplateCrafter(Options.Create(new CraftingOptions()));

        var result = await sut.CraftAsync(Scored(new Lead { Email = "a@example.com", FirstName = "[First Name]", Company = new Company { Name = "Acme" } }, Tier.Tier3), Intro, TestContext.Current.CancellationToken);

        Assert.Null(result.Draft);
        Assert.Equal(ReasonCode.Placeholder, result.Refusal?.Code);
        Assert.Contains("placeholder", result.Refusal?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnknownMergeField_FailsNamingTheSetting()
    {
        var options = new CraftingOptions();
        options.Templates["tier_1:intro"] = new MessageTemplate { Subject = "Hi {{nickname}}", Body = "x" };

        var ex = Assert.Throws<OptionsValidationException>(() => new TemplateCrafter(Options.Create(options)));

        Assert.Contains("Caio:Crafting:Templates:tier_1:intro:Subject", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nickname", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hello {{firstName}}", "{{firstName}}")]
    [InlineData("Hello [First Name], how are you", "[First Name]")]
    [InlineData("Dear %FIRST_NAME%", "%FIRST_NAME%")]
    [InlineData("Hi {first_name}", "{first_name}")]
    [InlineData("Lorem ipsum dolor", "Lorem ipsum")]
    public void FindPlaceholder_Placeholder_ReturnsIt(string text, string expected) =>
        Assert.Equal(expected, PlaceholderDetector.FindPlaceholder(text));

    [Theory]
    [InlineData("Hi Ana, quick question about Acme [Berlin office].")]
    [InlineData("Pricing is 20% lower for teams of 50-100.")]
    public void FindPlaceholder_CleanText_ReturnsNull(string text) =>
        Assert.Null(PlaceholderDetector.FindPlaceholder(text));

    private static ScoredLead Scored(Lead lead, Tier tier) =>
        new(new EnrichedLead(lead, false, null), new IcpScore { Score = 50, Tier = tier });
}
