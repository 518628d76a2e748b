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
}
