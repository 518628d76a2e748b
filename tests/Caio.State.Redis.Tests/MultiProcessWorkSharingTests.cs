using System.Diagnostics;
using System.Globalization;
using Caio.Batches;
using Caio.Review;
using StackExchange.Redis;

namespace Caio.State.Redis.Tests;

/// <summary>
/// Four worker processes on one Redis execute approved batches against the recording sandbox channel
/// while worker processes are killed with SIGKILL at random and restarted: 0 duplicate (recipient, step)
/// sends, no cap counter above its limit, every action settled. By default 120 actions in 6 batches;
/// <c>CAIO_SOAK=1</c> runs the full 2,000 actions in 20 batches with more kills.
/// </summary>
/// <remarks>
/// Each worker incarnation records into its own <c>--state-dir</c>, so a (recipient, step) sent by two
/// processes shows up in two files (a recorder only de-duplicates within its own file).
/// </remarks>
public sealed class MultiProcessWorkSharingTests(RedisServerFixture redis) : IDisposable
{
    private const int Workers = 4;
    private readonly string _root = Directory.CreateTempSubdirectory("caio-replicas-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FourWorkers_RandomKillNine_NoDuplicateNoCapExceeded_EveryActionSettled()
    {
        var soak = Environment.GetEnvironmentVariable("CAIO_SOAK") == "1";
        var (actions, batches, maxKills) = soak ? (2000, 20, 30) : (120, 6, 5);
        var capLimit = actions + 50;
        var environment = RedisServerFixture.NewEnvironment();
        using var harness = new RedisDispatchHarness(redis.Connection, environment, TimeProvider.System);
        List<string> items = [];
        for (var b = 0; b < batches; b++)
        {
            items.AddRange((await harness.ApprovedBatchAsync(actions / batches, b * (actions / batches))).ItemIds);
        }

        var env = WorkerEnvironment(environment, capLimit);
        var incarnations = 0;
        var kills = 0;
        var random = new Random(8);
        var running = new Process?[Workers];
        var deadline = Stopwatch.StartNew();
        var slots = Enumerable.Range(0, Workers).Select(async slot =>
        {
            while (deadline.Elapsed < TimeSpan.FromMinutes(soak ? 15 : 3) && await WorkLeftAsync(harness))
            {
                var directory = Path.Combine(_root, "w" + Interlocked.Increment(ref incarnations).ToString(CultureInfo.InvariantCulture));
                using var process = StartWorker(env, "operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--state-dir", directory);
                Volatile.Write(ref running[slot], process);
                await process.WaitForExitAsync(Ct);
                Volatile.Write(ref running[slot], null);
            }
        }).ToList();
        var killer = Task.Run(async () =>
        {
            while (!slots.All(s => s.IsCompleted) && kills < maxKills)
            {
                await Task.Delay(random.Next(300, 900), Ct);
                if (Volatile.Read(ref running[random.Next(Workers)]) is { } victim)
                {
                    try
                    {
                        victim.Kill();
                        kills++;
                    }
                    catch (InvalidOperationException)
                    {
                        // It exited on its own meanwhile.
                    }
                }
            }
        }, Ct);
        await Task.WhenAll(slots);
        await killer;

        // Settle what the kills left in flight: wait out stale reservations, reconcile against every
        // recording, resume, and batch what a run released back to the approved pool.
        var final = Path.Combine(_root, "final");
        for (var round = 0; round < 3 && await AnyUnsettledAsync(harness, items); round++)
        {
            MergeRecordings(final);
            await Task.Delay(TimeSpan.FromSeconds(7), Ct);
            await RunWorkerAsync(env, "reconcile", "--state-dir", final);
            if ((await harness.Queue.ListAsync(ReviewStatus.Approved, cancellationToken: Ct)).Count > 0 && !await WorkLeftAsync(harness))
            {
                var created = await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
                Assert.True((await harness.Batches.ApproveAsync(created.Batch!.Id, "head-of-sales", Ct)).Succeeded);
            }

            await RunWorkerAsync(env, "operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--state-dir", final);
        }

        var sends = ReadAllRecordings();
        var duplicates = sends.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate sends: " + string.Join(", ", duplicates));
        var sent = sends.ToHashSet(StringComparer.Ordinal);
        List<string> unsettled = [];
        var sentItems = 0;
        foreach (var id in items)
        {
            var item = (await harness.Queue.GetAsync(id, Ct))!;
            var key = item.RecipientKey + "#" + item.Step.ToString(CultureInfo.InvariantCulture);
            var ok = item.Status switch
            {
                ReviewStatus.Sent => sent.Contains(key),
                ReviewStatus.SendFailed => !sent.Contains(key),
                _ => false,
            };
            sentItems += item.Status == ReviewStatus.Sent ? 1 : 0;
            if (!ok)
            {
                unsettled.Add($"{id} {key}: {item.Status}, recorded {sent.Contains(key)}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{actions} actions, {batches} batches, {Workers} workers, {incarnations} worker runs, {kills} SIGKILLs, {sentItems} sent, {items.Count - sentItems} send_failed (reconciled as not sent), {sends.Count} recorded sends, in {deadline.Elapsed.TotalSeconds:F0} s");
        Assert.True(unsettled.Count == 0, $"{unsettled.Count} unsettled after {kills} kills:\n" + string.Join("\n", unsettled.Take(20)));
        Assert.True(sentItems >= actions - (kills * 4), $"only {sentItems} of {actions} sent after {kills} kills");
        await AssertCapsWithinAsync(environment, capLimit);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Dictionary<string, string> WorkerEnvironment(string environment, int capLimit)
    {
        var cap = capLimit.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["STATE_BACKEND"] = "redis",
            ["REDIS_URL"] = "redis://127.0.0.1:" + RedisPort,
            ["Caio__Redis__EnvironmentName"] = environment,
            ["EMERGENCY_STOP"] = string.Empty,
            ["Caio__Safety__Ramp__Enabled"] = "false",
            ["Caio__Safety__SendWindow__Enabled"] = "false",
            ["Caio__Safety__Caps__Monthly"] = cap,
            ["Caio__Safety__Caps__Daily"] = cap,
            ["Caio__Safety__Caps__Hourly"] = cap,
            ["Caio__Safety__Caps__PerDomainPerHour"] = cap,
            ["Caio__Safety__Caps__PerDomainPerBatch"] = cap,
            ["Caio__Safety__Caps__PerMailboxDaily"] = cap,
            ["Caio__Safety__Caps__MinimumGap"] = "00:00:00",
            ["Caio__Operator__SendTimeout"] = "00:00:02",
            ["Caio__Operator__ExecutionLeaseTtl"] = "00:00:03",
            ["Caio__Operator__StaleReservationAge"] = "00:00:06",
        };
    }

    private string RedisPort => redis.Server.Port.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> AnyUnsettledAsync(RedisDispatchHarness harness, List<string> items)
    {
        foreach (var id in items)
        {
            if ((await harness.Queue.GetAsync(id, Ct))!.Status is not (ReviewStatus.Sent or ReviewStatus.SendFailed))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> WorkLeftAsync(RedisDispatchHarness harness) =>
        (await harness.Batches.ListAsync(BatchStatus.Approved, Ct)).Count + (await harness.Batches.ListAsync(BatchStatus.Executing, Ct)).Count > 0;

    private static Process StartWorker(Dictionary<string, string> env, params string[] args)
    {
        var start = WorkerProcess.StartInfo(env, args);
        start.RedirectStandardOutput = false;
        start.RedirectStandardError = false;
        return Process.Start(start)!;
    }

    private static async Task RunWorkerAsync(Dictionary<string, string> env, params string[] args)
    {
        using var process = StartWorker(env, args);
        await process.WaitForExitAsync(Ct);
    }

    /// <summary>Every incarnation's recording, as (recipient, step) keys, one per recorded send.</summary>
    private List<string> ReadAllRecordings()
    {
        List<string> keys = [];
        foreach (var file in Directory.EnumerateFiles(_root, "sends.jsonl", SearchOption.AllDirectories).Where(f => !f.Contains(Path.DirectorySeparatorChar + "final" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            keys.AddRange(ReadRecording(file).Select(s => s.Key));
        }

        var finalFile = Path.Combine(_root, "final", "sandbox", "sends.jsonl");
        var merged = ReadAllIncarnationMessageIds();
        keys.AddRange(ReadRecording(finalFile).Where(s => !merged.Contains(s.MessageId)).Select(s => s.Key));
        return keys;
    }

    private HashSet<string> ReadAllIncarnationMessageIds() =>
        Directory.EnumerateFiles(_root, "sends.jsonl", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "final" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(f => ReadRecording(f).Select(s => s.MessageId))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Copies every incarnation's sends into the final directory's recording, so reconciliation asks all of them.</summary>
    private void MergeRecordings(string final)
    {
        var target = new Caio.Dispatch.SandboxSendRecorder(Path.Combine(final, "sandbox", "sends.jsonl"));
        foreach (var file in Directory.EnumerateFiles(_root, "sends.jsonl", SearchOption.AllDirectories).Where(f => !f.StartsWith(final, StringComparison.Ordinal)))
        {
            foreach (var send in new Caio.Dispatch.SandboxSendRecorder(file).ReadAll())
            {
                target.Record(send);
            }
        }
    }

    private static IEnumerable<(string Key, string MessageId)> ReadRecording(string file) =>
        File.Exists(file)
            ? new Caio.Dispatch.SandboxSendRecorder(file).ReadAll().Select(s => (s.RecipientKey + "#" + s.Step.ToString(CultureInfo.InvariantCulture), s.MessageId))
            : [];

    private async Task AssertCapsWithinAsync(string environment, int limit)
    {
        var server = redis.Connection.GetServers()[0];
        var checkedCounters = 0;
        await foreach (var key in server.KeysAsync(pattern: $"caio:{environment}:ctr:cap:*"))
        {
            var value = (long)await redis.Connection.GetDatabase().HashGetAsync(key, "n");
            Assert.True(value <= limit, $"{key} = {value} > {limit}");
            checkedCounters++;
        }

        Assert.True(checkedCounters > 0, "no cap counter was written");
    }
}
