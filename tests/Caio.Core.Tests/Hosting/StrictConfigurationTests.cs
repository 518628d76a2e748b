using Caio.Hosting;
using Caio.Hosting.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Hosting;

public sealed class StrictConfigurationTests
{
    [Theory]
    [InlineData("Caio:Safety:Caps:Dialy", "Caio:Safety:Caps:Dialy is not a known setting. Did you mean 'Daily' (Caio:Safety:Caps:Daily)?")]
    [InlineData("Caio:Saftey:Caps:Daily", "Caio:Saftey is not a known setting. Did you mean 'Safety' (Caio:Safety)?")]
    [InlineData("Caio:StateDirectroy", "Caio:StateDirectroy is not a known setting. Did you mean 'StateDirectory' (Caio:StateDirectory)?")]
    [InlineData("Caio:Pipeline:channelcapacity", null)]
    [InlineData("caio:safety:caps:daily", null)]
    public void StartupValidation_MisspeltKey_StopsNamingTheKeyAndTheClosestKnownOne(string key, string? expected)
    {
        using var provider = Build(new() { [key] = "5" });

        if (expected is null)
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return;
        }

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(expected, Assert.Single(ex.Failures));
    }

    [Fact]
    public void StartupValidation_KeyFarFromEveryKnownOne_ListsTheKnownKeys()
    {
        using var provider = Build(new() { ["Caio:Batches:Colour"] = "blue" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Caio:Batches:Colour is not a known setting. Caio:Batches knows: MaxItems, TimeToLive.", Assert.Single(ex.Failures));
    }

    [Fact]
    public void StartupValidation_SectionBelowASingleValue_IsUnknown()
    {
        using var provider = Build(new() { ["Caio:Pipeline:ChannelCapacity:Max"] = "5" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Caio:Pipeline:ChannelCapacity:Max is not a known setting: Caio:Pipeline:ChannelCapacity takes a single value, not a section.", Assert.Single(ex.Failures));
    }

    [Fact]
    public void StartupValidation_EveryUnknownKey_IsListedAtOnce()
    {
        using var provider = Build(new() { ["Caio:Safety:Caps:Dialy"] = "5", ["Caio:Operator:MaxInFlite"] = "2", ["Caio:Safety:Caps:Daily"] = "5" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("Caio:Operator:MaxInFlite is not a known setting. Did you mean 'MaxInFlight'", StringComparison.Ordinal));
    }

    [Fact]
    public void StartupValidation_ListsDictionariesAndNestedObjects_AreAccepted()
    {
        using var provider = Build(new()
        {
            ["Caio:Safety:Suppression:BlockedDomains:0"] = "competitor.example",
            ["Caio:Safety:SendWindow:BusinessDays:0"] = "Monday",
            ["Caio:Safety:SendWindow:Start"] = "08:00",
            ["Caio:Scoring:CompanySize:Bands:Enterprise:Points"] = "12",
            ["Caio:Scoring:TechStack:Categories:crm:Technologies:0"] = "Attio",
            ["Caio:Scoring:Titles:CLevel:Phrases:0"] = "chief",
            ["Caio:Crafting:Templates:custom:Subject"] = "Hi {first_name}",
            ["Caio:Operator:Channels:0"] = "sandbox",
            ["Caio:Dedup:FoldPlusTags"] = "true",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void StartupValidation_UnknownKeyInsideADictionaryEntry_IsNamed()
    {
        using var provider = Build(new() { ["Caio:Scoring:CompanySize:Bands:Enterprise:Pionts"] = "1" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith("Caio:Scoring:CompanySize:Bands:Enterprise:Pionts is not a known setting. Did you mean 'Points'", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AddConfigurationSection_PackageSection_IsCheckedAgainstItsOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Caio:State:Sample:Endpoint"] = "localhost",
            ["Caio:State:Sample:Prefx"] = "caio",
        }).Build();
        var services = new ServiceCollection();
        services.AddCaio(configuration).AddConfigurationSection<SampleOptions>("Caio:State:Sample");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("Caio:State:Sample:Prefx is not a known setting. Did you mean 'Prefix' (Caio:State:Sample:Prefix)?", Assert.Single(ex.Failures));
    }

    [Fact]
    public void AddCaio_WithoutConfiguration_UsesTheContainersConfiguration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Caio:Safety:Caps:Dialy"] = "5" }).Build());
        services.AddCaio();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Did you mean 'Daily'", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dialy", "Daily")]
    [InlineData("hourly", "Hourly")]
    [InlineData("PerDomainPerHr", "PerDomainPerHour")]
    [InlineData("Weekly", null)]
    public void Closest_FindsTyposOnly(string key, string? expected) =>
        Assert.Equal(expected, StrictConfigurationValidator.Closest(key, ["Monthly", "Daily", "Hourly", "PerDomainPerHour", "PerDomainPerBatch"]));

    [Fact]
    public void GeneratedValidator_OutOfRange_NamesTheSetting()
    {
        using var provider = Build(new() { ["Caio:Batches:MaxItems"] = "0" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Caio:Batches:MaxItems must be between 1 and 100000.", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["STATE_BACKEND"] = "memory";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddCaio(configuration);
        return services.BuildServiceProvider();
    }

    private sealed class SampleOptions
    {
        public string Endpoint { get; set; } = string.Empty;

        public string Prefix { get; set; } = "caio";
    }
}
