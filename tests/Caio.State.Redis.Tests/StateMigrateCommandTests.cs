using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Caio.State.Redis.Tests;

/// <summary><c>caio-worker state migrate --from file --to redis</c> against a real file directory and a real redis-server.</summary>
public sealed class StateMigrateCommandTests(RedisServerFixture redis) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caio-migrate-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_CopiesEveryFamily_ThenASecondRunChangesNothing()
    {
        var time = TimeProvider.System;
        var file = new FileStateStore(new FileStateStoreOptions { Directory = _directory }, time);
        await file.PutAsync("queue:item:1", Json("""{"id":"1"}"""), cancellationToken: Ct);
        await file.PutAsync("ledger:abc", Json("""{"status":"sent"}"""), cancellationToken: Ct);
        await file.IncrementAsync("cap:daily:2026-11-30", 7, 100, time.GetUtcNow().AddHours(5), Ct);
        await file.IndexAddAsync("queue:status:approved", "1", 42, Ct);
        await file.AppendAsync("audit", Json("""{"n":1}"""), Ct);
        await file.AppendAsync("audit", Json("""{"n":2}"""), Ct);
        var environment = RedisServerFixture.NewEnvironment();
        var env = new Dictionary<string, string> { ["REDIS_URL"] = $"redis://127.0.0.1:{redis.Server.Port}", ["Caio__Redis__EnvironmentName"] = environment };

        var first = await WorkerProcess.RunAsync(env, Ct, "state", "migrate", "--from", "file", "--to", "redis", "--state-dir", _directory, "--json");
        var second = await WorkerProcess.RunAsync(env, Ct, "state", "migrate", "--from", "file", "--to", "redis", "--state-dir", _directory, "--json");

        Assert.True(first.ExitCode == 0, first.Stderr);
        using var report = JsonDocument.Parse(first.Stdout);
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(0, report.RootElement.GetProperty("errors").GetInt32());
        var migrated = report.RootElement.GetProperty("migrated");
        Assert.Equal(2, migrated.GetProperty("records").GetInt64());
        Assert.Equal(1, migrated.GetProperty("counters").GetInt64());
        Assert.Equal(1, migrated.GetProperty("indexes").GetInt64());
        Assert.Equal(2, migrated.GetProperty("logs").GetInt64());

        Assert.True(second.ExitCode == 0, second.Stderr);
        using var again = JsonDocument.Parse(second.Stdout);
        Assert.All(again.RootElement.GetProperty("migrated").EnumerateObject(), p => Assert.Equal(0, p.Value.GetInt64()));
        Assert.Equal(2, again.RootElement.GetProperty("skipped").GetProperty("logs").GetInt64());

        var target = new RedisStateStore(redis.Connection, new RedisStateOptions { EnvironmentName = environment }, new FakeTimeProvider(time.GetUtcNow()));
        Assert.Equal("""{"status":"sent"}""", Encoding.UTF8.GetString((await target.GetAsync("ledger:abc", Ct))!.Value.Span));
        Assert.Equal(7, await target.GetCounterAsync("cap:daily:2026-11-30", Ct));
        Assert.Equal(new IndexEntry("1", 42), Assert.Single(await target.IndexRangeAsync("queue:status:approved", 0, 100, cancellationToken: Ct)));
    }

    [Fact]
    public async Task Migrate_RedisUnreachable_ExitsOneWithOkFalseAndTheFailingKeys()
    {
        var file = new FileStateStore(new FileStateStoreOptions { Directory = _directory }, TimeProvider.System);
        await file.PutAsync("queue:item:1", Json("{}"), cancellationToken: Ct);
        var env = new Dictionary<string, string> { ["REDIS_URL"] = $"redis://127.0.0.1:{RedisServer.FreePort()}", ["Caio__Redis__CommandTimeout"] = "00:00:00.300" };

        var run = await WorkerProcess.RunAsync(env, Ct, "state", "migrate", "--from", "file", "--to", "redis", "--state-dir", _directory, "--json");

        Assert.Equal(1, run.ExitCode);
        using var report = JsonDocument.Parse(run.Stdout);
        Assert.False(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains(report.RootElement.GetProperty("failed").EnumerateArray(), f => f.GetProperty("key").GetString() == "queue:item:1");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);
}
