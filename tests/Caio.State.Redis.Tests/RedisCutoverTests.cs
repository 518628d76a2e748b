using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caio.State.Redis.Tests;

/// <summary>Dual read and fallback write between a real file backend and a real redis-server.</summary>
public sealed class RedisCutoverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caio-cutover-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly FileStateStore _file;
    private readonly RedisStateStore _redis;

    public RedisCutoverTests(RedisServerFixture redis)
    {
        _file = new FileStateStore(new FileStateStoreOptions { Directory = _directory }, _time);
        _redis = new RedisStateStore(redis.Connection, new RedisStateOptions { EnvironmentName = RedisServerFixture.NewEnvironment() }, _time);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DualRead_RedisMiss_PromotesTheFileRecordOnce()
    {
        await _file.PutAsync("batch:B1", Json("""{"status":"approved"}"""), cancellationToken: Ct);
        await _file.PutAsync("batch:B1", Json("""{"status":"executing"}"""), cancellationToken: Ct);
        var sut = new RedisCutoverStateStore(_redis, _file, dualRead: true, fallbackWrite: false);

        var entry = await sut.GetAsync("batch:B1", Ct);

        Assert.Equal("""{"status":"executing"}""", Text(entry!.Value));
        Assert.Equal(1, entry.Version);
        Assert.Equal("""{"status":"executing"}""", Text((await _redis.GetAsync("batch:B1", Ct))!.Value));
    }

    [Fact]
    public async Task DualRead_RedisHasANewerRecord_FileNeverOverridesIt()
    {
        await _file.PutAsync("suppression:a@b.example", Json("""{"old":true}"""), cancellationToken: Ct);
        await _redis.PutAsync("suppression:a@b.example", Json("""{"new":true}"""), cancellationToken: Ct);
        var sut = new RedisCutoverStateStore(_redis, _file, dualRead: true, fallbackWrite: false);

        Assert.Equal("""{"new":true}""", Text((await sut.GetAsync("suppression:a@b.example", Ct))!.Value));
        Assert.False(await sut.TryInsertAsync("suppression:a@b.example", Json("{}"), cancellationToken: Ct));
    }

    [Fact]
    public async Task DualRead_CapWindowStartedOnFiles_KeepsItsCountOnRedis()
    {
        var endOfDay = _time.GetUtcNow().AddHours(15);
        await _file.IncrementAsync("cap:daily:2026-01-05", 5, 100, endOfDay, Ct);
        var sut = new RedisCutoverStateStore(_redis, _file, dualRead: true, fallbackWrite: false);

        var first = await sut.IncrementAsync("cap:daily:2026-01-05", 1, 6, endOfDay, Ct);
        var second = await sut.IncrementAsync("cap:daily:2026-01-05", 1, 6, endOfDay, Ct);

        Assert.Equal(new CounterResult(true, 6), first);
        Assert.Equal(new CounterResult(false, 6), second);
    }

    [Fact]
    public async Task FallbackWrite_EveryRedisWrite_IsAlsoInTheFiles()
    {
        var sut = new RedisCutoverStateStore(_redis, _file, dualRead: false, fallbackWrite: true);

        await sut.PutAsync("ledger:x", Json("1"), cancellationToken: Ct);
        await sut.CommitAsync(new StateTransaction().Put("queue:item:1", Json("2")).IndexAdd("queue:status:approved", "1", 5), Ct);
        await sut.IncrementAsync("cap:hourly:10", 2, 10, cancellationToken: Ct);
        await sut.AppendAsync("audit", Json("""{"a":1}"""), Ct);
        await sut.DeleteAsync("ledger:x", cancellationToken: Ct);

        Assert.Null(await _file.GetAsync("ledger:x", Ct));
        Assert.Equal("2", Text((await _file.GetAsync("queue:item:1", Ct))!.Value));
        Assert.Single(await _file.IndexRangeAsync("queue:status:approved", 0, 10, cancellationToken: Ct));
        Assert.Equal(2, await _file.GetCounterAsync("cap:hourly:10", Ct));
        await foreach (var record in _file.ReadLogAsync("audit", cancellationToken: Ct))
        {
            Assert.Equal("""{"a":1}""", Text(record.Value));
        }
    }

    [Fact]
    public async Task Registration_Flags_WrapRedisWithTheCutoverStore()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["REDIS_URL"] = "redis://127.0.0.1:1",
            ["STATE_DUAL_READ_ENABLED"] = "true",
            ["STATE_FILE_FALLBACK_WRITE"] = "true",
            ["Caio:StateDirectory"] = _directory,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCaio(configuration).AddRedisState();
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<RedisCutoverStateStore>(provider.GetRequiredService<IStateStore>());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);
}
