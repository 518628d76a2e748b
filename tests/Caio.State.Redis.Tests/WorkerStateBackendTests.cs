namespace Caio.State.Redis.Tests;

/// <summary>The worker maps <c>STATE_BACKEND</c> onto the builder's registrations and honours <c>REDIS_URL</c>.</summary>
public sealed class WorkerStateBackendTests(RedisServerFixture redis) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caio-worker-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownStateBackend_StopsTheHostNamingTheSetting()
    {
        var run = await WorkerProcess.RunAsync(new Dictionary<string, string> { ["STATE_BACKEND"] = "postgres" }, Ct, "status", "--state-dir", _directory);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STATE_BACKEND is 'postgres'; it must be file, memory or redis.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisBackend_TwoProcessesShareState()
    {
        var env = new Dictionary<string, string>
        {
            ["STATE_BACKEND"] = "redis",
            ["REDIS_URL"] = $"redis://127.0.0.1:{redis.Server.Port}",
            ["Caio__Redis__EnvironmentName"] = RedisServerFixture.NewEnvironment(),
            ["EMERGENCY_STOP"] = string.Empty,
        };

        var engage = await WorkerProcess.RunAsync(env, Ct, "emergency-stop", "on", "--by", "ops", "--reason", "drill", "--state-dir", _directory);
        var status = await WorkerProcess.RunAsync(env, Ct, "status", "--state-dir", Directory.CreateTempSubdirectory("caio-other-").FullName);

        Assert.True(engage.ExitCode == 0, engage.Stderr);
        Assert.Contains("EMERGENCY STOP ENGAGED", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisUnreachable_OperatorRefusesWithStateUnavailable()
    {
        var env = new Dictionary<string, string>
        {
            ["STATE_BACKEND"] = "redis",
            ["REDIS_URL"] = $"redis://:hunter2@127.0.0.1:{RedisServer.FreePort()}",
            ["REDIS_REQUIRED"] = "true",
            ["Caio__Redis__CommandTimeout"] = "00:00:00.300",
        };

        var run = await WorkerProcess.RunAsync(env, Ct, "operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--state-dir", _directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("refused: state_unavailable", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
