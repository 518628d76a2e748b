using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.State.Redis.Tests;

/// <summary>
/// Four worker processes on one backend execute approved batches against the recording sandbox channel
/// while workers are killed with SIGKILL at random and restarted: 0 duplicate (recipient, step) sends,
/// no per-domain-per-batch cap window above its limit, every action settled (sent, send_failed after
/// reconciliation, or refused with a reason), and the work is shared: several workers send, within one batch
/// too (every worker at full size).
/// By default 800 actions in 8 batches; <c>CAIO_SOAK=1</c> runs 2,000 actions in 4 batches with more kills.
/// The same run on Redis and, for comparison, on the file backend (all workers on one state directory).
/// </summary>
/// <remarks>
/// On Redis each worker incarnation records into its own <c>--state-dir</c>, so a (recipient, step) sent by
/// two processes shows up in two files; on the file backend the recording is shared and a second call for
/// one message lands in <c>sandbox/repeats.jsonl</c>.
/// </remarks>
[Collection(nameof(AloneCollection))]
public sealed class MultiProcessWorkSharingTests(RedisServerFixture redis) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("caio-replicas-").FullName;

    [Fact]
    public async Task Redis_FourWorkers_RandomKillNine_NoDuplicateNoCapExceeded_EveryActionSettled_WorkShared()
    {
        var environment = RedisServerFixture.NewEnvironment();
        using var harness = new RedisDispatchHarness(redis.Connection, environment, TimeProvider.System);
        var env = WorkerReplicaRun.CommonEnvironment();
        env["STATE_BACKEND"] = "redis";
        env["REDIS_URL"] = "redis://127.0.0.1:" + redis.Server.Port.ToString(CultureInfo.InvariantCulture);
        env["Caio__Redis__EnvironmentName"] = environment;

        await new WorkerReplicaRun(harness, _root, env, sharedStateDirectory: false).RunAsync();
    }

    [Fact]
    public async Task File_FourWorkers_RandomKillNine_NoDuplicateNoCapExceeded_EveryActionSettled_WorkShared()
    {
        var state = Path.Combine(_root, "state");
        using var harness = new RedisDispatchHarness(caio => caio.UseFileState(o => o.Directory = state), TimeProvider.System);
        var env = WorkerReplicaRun.CommonEnvironment();
        env["STATE_BACKEND"] = "file";

        await new WorkerReplicaRun(harness, _root, env, sharedStateDirectory: true).RunAsync();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
