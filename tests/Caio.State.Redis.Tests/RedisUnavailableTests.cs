using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Caio.State.Redis.Tests;

/// <summary>What a caller sees when Redis is not there: one clear exception, naming operation and endpoint, never the password.</summary>
public sealed class RedisUnavailableTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryPrimitive_RedisUnreachable_ThrowsStateUnavailableNamingOperationAndEndpoint()
    {
        var port = RedisServer.FreePort();
        await using var store = RedisStateStore.Connect(
            new RedisStateOptions { ConnectionString = $"redis://ops:hunter2@127.0.0.1:{port}", CommandTimeout = TimeSpan.FromMilliseconds(300) },
            new FakeTimeProvider());

        var calls = new Func<Task>[]
        {
            async () => await store.GetAsync("suppression:a@b.example", Ct),
            async () => await store.IncrementAsync("cap:daily:2026-11-30", 1, 10, cancellationToken: Ct),
            async () => await store.TryAcquireLeaseAsync("batch-exec:B1", TimeSpan.FromSeconds(30), Ct),
            async () => await store.CommitAsync(new StateTransaction().Put("ledger:x", "{}"u8.ToArray()), Ct),
        };
        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<StateUnavailableException>(call);
            Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
            Assert.Equal($"redis 127.0.0.1:{port}", ex.Endpoint);
            Assert.DoesNotContain("hunter2", ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("true", HealthStatus.Unhealthy)]
    [InlineData("false", HealthStatus.Degraded)]
    public async Task Readiness_RedisUnreachable_NotReadyWhenRequired(string required, HealthStatus expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["REDIS_URL"] = $"redis://ops:hunter2@127.0.0.1:{RedisServer.FreePort()}",
            ["REDIS_REQUIRED"] = required,
            ["Caio:Redis:CommandTimeout"] = "00:00:00.300",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCaio(configuration).AddRedisState().AddRedisState();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"), Ct);

        var entry = report.Entries["caio-state-redis"];
        Assert.Equal(expected, entry.Status);
        Assert.DoesNotContain("hunter2", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_RedisAnswers_Healthy()
    {
        await using var server = await RedisServer.StartAsync();
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).AddRedisState(o => o.ConnectionString = $"redis://127.0.0.1:{server.Port}");
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Healthy, report.Status);
    }
}
