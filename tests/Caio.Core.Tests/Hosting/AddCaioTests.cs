using Caio.Dispatch;
using Caio.Hosting;
using Caio.Pipeline;
using Caio.Safety;
using Caio.Scoring;
using Caio.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Hosting;

public sealed class AddCaioTests
{
    [Fact]
    public void AddCaio_Configuration_BindsSections_StateIsTheFileBackendUnlessTheBuilderChoosesAnother()
    {
        using var provider = Build(new()
        {
            ["Caio:StateDirectory"] = Path.Combine(Path.GetTempPath(), "caio-addcaio-" + Guid.NewGuid().ToString("N")),
            ["Caio:Pipeline:ChannelCapacity"] = "64",
            ["Caio:Safety:Caps:Daily"] = "42",
            ["Caio:Scoring:Tiers:Tier1Min"] = "85",
        });

        Assert.IsType<FileStateStore>(provider.GetRequiredService<IStateStore>());
        Assert.Equal("file", provider.GetRequiredService<StateBackendDescriptor>().Name);
        Assert.Equal(64, provider.GetRequiredService<IOptions<PipelineOptions>>().Value.ChannelCapacity);
        Assert.Equal(42, provider.GetRequiredService<IOptions<SafetyOptions>>().Value.Caps.Daily);
        Assert.Equal(85, provider.GetRequiredService<IOptions<IcpOptions>>().Value.Tiers.Tier1Min);
        Assert.NotNull(provider.GetRequiredService<DispatchOperator>());
        Assert.NotNull(provider.GetRequiredService<PipelineRunner>());
    }

    [Theory]
    [InlineData("Caio:StateBackend", "postgres", "Caio:StateBackend")]
    [InlineData("Caio:Safety:Caps:TimeZone", "Europe/Atlantis", "Caio:Safety:Caps:TimeZone")]
    [InlineData("Caio:Scoring:Tiers:Tier1Min", "10", "Tier1Min")]
    [InlineData("Caio:Pipeline:ChannelCapacity", "0", "ChannelCapacity")]
    [InlineData("Caio:Operator:MaxInFlight", "0", "MaxInFlight")]
    [InlineData("Caio:Operator:StaleReservationAge", "00:00:45", "StaleReservationAge")]
    public void StartupValidation_BadSetting_FailsNamingTheSetting(string key, string value, string expected)
    {
        using var provider = Build(new() { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("assisted", RolloutPhase.Assisted)]
    [InlineData("Full", RolloutPhase.Full)]
    public void RolloutPhase_WireName_Binds(string value, RolloutPhase expected)
    {
        using var provider = Build(new() { ["Caio:RolloutPhase"] = value });

        Assert.Equal(expected, provider.GetRequiredService<IOptions<CaioOptions>>().Value.RolloutPhase);
    }

    [Theory]
    [InlineData("everything")]
    [InlineData("7")]
    public void RolloutPhase_Unknown_FailsAtStartNamingTheSetting(string value)
    {
        using var provider = Build(new() { ["Caio:RolloutPhase"] = value });

        var ex = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Caio:RolloutPhase", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCaio_HostRegistrationsWin()
    {
        var services = new ServiceCollection();
        var store = new InMemoryStateStore(TimeProvider.System);
        services.AddSingleton<IStateStore>(store);
        services.AddCaio(_ => { });
        using var provider = services.BuildServiceProvider();

        Assert.Same(store, provider.GetRequiredService<IStateStore>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddCaio(configuration);
        return services.BuildServiceProvider();
    }
}
