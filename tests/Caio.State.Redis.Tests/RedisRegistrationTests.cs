using Caio.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.State.Redis.Tests;

public sealed class RedisRegistrationTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddRedisState_Action_RegistersTheRedisStoreAndMarksTheBackend()
    {
        var environment = RedisServerFixture.NewEnvironment();
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).AddRedisState(o =>
        {
            o.ConnectionString = $"redis://127.0.0.1:{redis.Server.Port}";
            o.EnvironmentName = environment;
        });
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<RedisStateStore>(provider.GetRequiredService<IStateStore>());
        await store.PutAsync("batch:B1", "{}"u8.ToArray(), cancellationToken: Ct);

        Assert.True(await redis.Connection.GetDatabase().KeyExistsAsync($"caio:{environment}:rec:batch:B1"));
        Assert.Equal("redis", provider.GetRequiredService<StateBackendDescriptor>().Name);
    }

    [Fact]
    public async Task AddRedisState_Section_BindsPrefixAndEnvironment_AndRedisUrlOverrides()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Caio:Redis:ConnectionString"] = "127.0.0.1:1",
            ["Caio:Redis:KeyPrefix"] = "acme",
            ["Caio:Redis:EnvironmentName"] = "staging",
            ["REDIS_URL"] = $"redis://127.0.0.1:{redis.Server.Port}/3",
            ["REDIS_REQUIRED"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCaio(configuration).AddRedisState(configuration.GetSection("Caio:Redis"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RedisStateOptions>>().Value;
        Assert.False(options.Required);
        await provider.GetRequiredService<IStateStore>().IncrementAsync("cap:daily:2026-11-30", 1, 10, cancellationToken: Ct);

        Assert.True(await redis.Connection.GetDatabase(3).KeyExistsAsync("acme:staging:ctr:cap:daily:2026-11-30"));
    }

    [Fact]
    public void AddRedisState_WithoutAddress_FailsAtStartNamingRedisUrl()
    {
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).AddRedisState(_ => { });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("REDIS_URL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseInMemoryState_AfterAddRedisState_LastRegistrationWins()
    {
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).AddRedisState(o => o.ConnectionString = "redis://127.0.0.1:1").UseInMemoryState();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryStateStore>(provider.GetRequiredService<IStateStore>());
        Assert.Equal("memory", provider.GetRequiredService<StateBackendDescriptor>().Name);
    }

    [Theory]
    [InlineData(null, typeof(FileStateStore), "file")]
    [InlineData("memory", typeof(InMemoryStateStore), "memory")]
    [InlineData("MEMORY", typeof(InMemoryStateStore), "memory")]
    [InlineData("file", typeof(FileStateStore), "file")]
    public void UseStateBackendFromConfiguration_MapsTheValueOntoTheRegistration(string? value, Type store, string name)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["STATE_BACKEND"] = value }).Build();
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).UseStateBackendFromConfiguration(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.IsType(store, provider.GetRequiredService<IStateStore>());
        Assert.Equal(name, provider.GetRequiredService<StateBackendDescriptor>().Name);
    }

    [Fact]
    public void UseStateBackendFromConfiguration_UnknownValue_FailsNamingTheSettingAndTheAllowedValues()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["STATE_BACKEND"] = "postgres" }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddCaio(_ => { }).UseStateBackendFromConfiguration(configuration));

        Assert.Equal("STATE_BACKEND is 'postgres'; it must be file, memory or redis.", ex.Message);
    }

    [Theory]
    [InlineData("redis://cache.internal:6380/2", "cache.internal:6380", false, null, 2)]
    [InlineData("rediss://ops:s3cr%40t@cache.internal", "cache.internal:6379", true, "ops", null)]
    [InlineData("redis://:only-password@10.0.0.5:6379", "10.0.0.5:6379", false, null, null)]
    public void RedisUrl_Parsed_IntoClientSettings(string url, string endpoint, bool tls, string? user, int? database)
    {
        var options = RedisConnectionSettings.Parse(url, TimeSpan.FromSeconds(2));

        Assert.Equal("redis " + endpoint, RedisConnectionSettings.Describe(options));
        Assert.Equal(tls, options.Ssl);
        Assert.Equal(user, options.User);
        Assert.Equal(database, options.DefaultDatabase);
        Assert.Equal(2000, options.SyncTimeout);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(url.Contains("s3cr", StringComparison.Ordinal) ? "s3cr@t" : url.Contains("only-password", StringComparison.Ordinal) ? "only-password" : null, options.Password);
    }

    [Fact]
    public void RedisUrl_BadDatabase_IsRefusedWithoutEchoingThePassword()
    {
        var ex = Assert.Throws<ArgumentException>(() => RedisConnectionSettings.Parse("redis://u:hunter2@host/abc", TimeSpan.FromSeconds(1)));

        Assert.Contains("REDIS_URL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }
}
