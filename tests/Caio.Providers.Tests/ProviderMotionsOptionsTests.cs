using Caio.Providers.GoHighLevel;
using Caio.Providers.HeyReach;
using Caio.Providers.Instantly;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Providers.Tests;

/// <summary>A provider's <c>Motions</c> setting is checked at start: a name that is not a motion stops the host naming it.</summary>
public sealed class ProviderMotionsOptionsTests
{
    [Theory]
    [InlineData("instantly", "outbound,nurture", "Caio:Providers:Instantly:Motions: 'nurture' is not a motion")]
    [InlineData("heyreach", "Outbound, cadance", "Caio:Providers:HeyReach:Motions: 'cadance' is not a motion")]
    [InlineData("gohighlevel", " , ", "Caio:Providers:GoHighLevel:Motions is empty")]
    public void UnknownMotion_FailsAtStart_NamingTheSettingAndTheAllowedValues(string provider, string motions, string expected)
    {
        using var services = Build(provider, motions);

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(services, provider));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("outbound, cadence, revival", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("instantly", "Outbound, CADENCE")]
    [InlineData("heyreach", "cadence")]
    [InlineData("gohighlevel", "revival,outbound")]
    public void KnownMotions_InAnyLetterCase_AreAccepted(string provider, string motions)
    {
        using var services = Build(provider, motions);

        Assert.NotNull(Resolve(services, provider));
    }

    private static ServiceProvider Build(string provider, string motions) => ProviderServices.Build(caio => _ = provider switch
    {
        "instantly" => caio.AddInstantly(o => { o.ApiKey = "x"; o.Motions = motions; }),
        "heyreach" => caio.AddHeyReach(o => { o.ApiKey = "x"; o.Motions = motions; }),
        _ => caio.AddGoHighLevel(o => { o.ApiKey = "x"; o.LocationId = "loc"; o.Motions = motions; }),
    });

    private static object Resolve(ServiceProvider services, string provider) => provider switch
    {
        "instantly" => services.GetRequiredService<IOptions<InstantlyOptions>>().Value,
        "heyreach" => services.GetRequiredService<IOptions<HeyReachOptions>>().Value,
        _ => services.GetRequiredService<IOptions<GoHighLevelOptions>>().Value,
    };
}
