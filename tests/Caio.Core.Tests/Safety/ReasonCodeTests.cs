using System.Text.Json;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class ReasonCodeTests
{
    [Fact]
    public void Equals_SameStringFromAConstantOrAStaticProperty_IsEqual()
    {
        ReasonCode fromString = "cap_daily";

        Assert.Equal(ReasonCode.CapDaily, fromString);
        Assert.True(ReasonCode.CapDaily == new ReasonCode(ReasonCodes.CapDaily));
        Assert.Equal(ReasonCode.CapDaily.GetHashCode(), fromString.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentCase_IsNotEqual() => Assert.NotEqual(ReasonCode.CapDaily, (ReasonCode)"Cap_Daily");

    [Fact]
    public void ToString_IsTheWireString() => Assert.Equal("outside_send_window", ReasonCode.OutsideSendWindow.ToString());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_NoCode_Throws(string? value) => Assert.ThrowsAny<ArgumentException>(() => new ReasonCode(value!));

    [Fact]
    public void Serialize_KnownAndHostCodes_WritesThePlainString()
    {
        var json = JsonSerializer.Serialize(new[] { ReasonCode.RoleAddress, "my_own_guard" });

        Assert.Equal("""["role_address","my_own_guard"]""", json);
        Assert.Equal([ReasonCode.RoleAddress, "my_own_guard"], JsonSerializer.Deserialize<ReasonCode[]>(json)!);
    }

    [Fact]
    public void Serialize_AsDictionaryKey_WritesThePlainString()
    {
        var json = JsonSerializer.Serialize(new Dictionary<ReasonCode, int> { [ReasonCode.CapHourly] = 3 });

        Assert.Equal("""{"cap_hourly":3}""", json);
        Assert.Equal(3, JsonSerializer.Deserialize<Dictionary<ReasonCode, int>>(json)![ReasonCode.CapHourly]);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("42")]
    public void Deserialize_NotACode_ThrowsJsonException(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReasonCode>(json));

    [Fact]
    public void Refusal_KnownCode_CarriesTheExplanationFromTheTable()
    {
        var sut = new Refusal(ReasonCode.RampTierRestricted, "tier_2 while ramping");

        Assert.Equal(ReasonCodeExplanations.Explain("ramp_tier_restricted"), sut.Explanation);
        Assert.Equal("ramp_tier_restricted (tier_2 while ramping)", sut.ToString());
        Assert.Equal(
            """{"code":"ramp_tier_restricted","detail":"tier_2 while ramping","explanation":"The sending setup is still ramping up and sends only the best-fit tiers until it graduates."}""",
            JsonSerializer.Serialize(sut));
    }

    [Fact]
    public void Refusal_HostCode_HasNoExplanation() => Assert.Null(new Refusal("my_own_guard").Explanation);

    [Fact]
    public void GuardDecision_DenyOrDefer_CarriesTheRefusalAndAllowHasNone()
    {
        Assert.Null(GuardDecision.Allow.Refusal);
        Assert.Equal(new Refusal(ReasonCode.RoleAddress, "info@"), GuardDecision.Deny(ReasonCodes.RoleAddress, "info@").Refusal);
        Assert.Equal(ReasonCode.CapDaily, GuardDecision.Defer(DateTimeOffset.UnixEpoch, ReasonCodes.CapDaily).Refusal!.Code);
    }
}
