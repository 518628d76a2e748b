using Caio.Leads;

namespace Caio.Core.Tests.Leads;

public sealed class TierTests
{
    [Theory]
    [InlineData("tier_1", Tier.Tier1)]
    [InlineData("TIER_4", Tier.Tier4)]
    [InlineData(" tier_2 ", Tier.Tier2)]
    public void TryParse_WireName_ReturnsTier(string text, Tier expected)
    {
        Assert.True(TierNames.TryParse(text, out var tier));
        Assert.Equal(expected, tier);
        Assert.Equal(expected, TierNames.Parse(expected.ToWireName()));
    }

    [Theory]
    [InlineData("tier_5")]
    [InlineData("1")]
    [InlineData("")]
    public void Parse_UnknownName_ThrowsNamingAcceptedValues(string text)
    {
        var ex = Assert.Throws<FormatException>(() => TierNames.Parse(text));
        Assert.Contains("tier_1", ex.Message, StringComparison.Ordinal);
    }
}
