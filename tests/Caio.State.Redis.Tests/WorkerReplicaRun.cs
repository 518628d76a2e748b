using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Review;

namespace Caio.State.Redis.Tests;

/// <summary>
/// Four <c>caio-worker operator --live</c> processes on one state backend execute approved batches against
/// the recording sandbox channel while a killer sends SIGKILL to random workers, which are restarted.
/// Batches are large (several times the operator's parallelism), so the workers share actions within a
/// batch. Afterwards: stale reservations are reconciled against every recording and interrupted batches
/// resumed, then the run is checked and described.
/// </summary>
internal sealed class WorkerReplicaRun(RedisDispatchHarness harness, string root, Dictionary<string, string> environment, bool sharedStateDirectory)
{
    public const int Workers = 4;

    private readonly ConcurrentDictionary<int, int> _slotOfProcess = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Whether <c>CAIO_SOAK=1</c> asks for the full size.</summary>
    public static bool Soak => Environment.GetEnvironmentVariable("CAIO_SOAK") == "1";

    /// <summary>
    /// Actions and batches: 2,000 in 4 batches with <c>CAIO_SOAK=1</c>, else 800 in 8. A worker process takes
    /// about a second to start on a loaded 2-core machine, and on Redis a batch of a few dozen sandbox sends
    /// takes less: with 200 actions in 2 batches the first worker up often sent everything before the others
    /// were running, and the run showed no sharing. 800 actions keep every worker busy for several of its
    /// start-ups; the mechanism itself is checked without timing in the Core action-claim tests.
    /// </summary>
    public static (int Actions, int Batches, int MaxKills) Size => Soak ? (2000, 4, 30) : (800, 8, 5);

    /// <summary>Sends per domain per batch: below the ~1/7 of a batch each of the 7 domains has, so the cap refuses some.</summary>
    public static int PerDomainPerBatch => Size.Actions / Size.Batches * 6 / 49;

    /// <summary>The worker settings every incarnation runs with (add the backend's own).</summary>
    public static Dictionary<string, string> CommonEnvironment()
    {
        const string Off = "1000000";
        return new Dictionary<string, string>
        {
            ["EMERGENCY_STOP"] = string.Empty,
            ["Caio__Safety__Ramp__Enabled"] = "false",
            ["Caio__Safety__SendWindow__Enabled"] = "false",
            ["Caio__Safety__Caps__Monthly"] = Off,
            ["Caio__Safety__Caps__Daily"] = Off,
            ["Caio__Safety__Caps__Hourly"] = Off,
            ["Caio__Safety__Caps__PerDomainPerHour"] = Off,
            ["Caio__Safety__Caps__PerDomainPerBatch"] = PerDomainPerBatch.ToString(CultureInfo.InvariantCulture),
            ["Caio__Safety__Caps__PerMailboxDaily"] = Off,
            ["Caio__Safety__Caps__MinimumGap"] = "00:00:00",
            ["Caio__Operator__SendTimeout"] = "00:00:02",
            ["Caio__Operator__ExecutionLeaseTtl"] = "00:00:03",
            ["Caio__Operator__StaleReservationAge"] = "00:00:06",
        };
    }

    public async Task RunAsync()
    {
        var (actions, batchCount, maxKills) = Size;
        List<(string BatchId, List<string> Items)> batches = [];
        for (var b = 0; b < batchCount; b++)
        {
            var (batch, ids) = await harness.ApprovedBatchAsync(actions / batchCount, b * (actions / batchCount));
            batches.Add((batch.Id, ids));
        }

        var clock = Stopwatch.StartNew();
        var (incarnations, kills) = await RunWorkersWithKillsAsync(maxKills, clock);
        await SettleAsync();

        var calls = ProviderCalls();
        var duplicates = calls.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, "duplicate sends: " + string.Join(", ", duplicates.Take(20)));
        var recorded = calls.ToHashSet(StringComparer.Ordinal);

        List<string> unsettled = [];
        var sentBy = new int[Workers + 1];
        var perBatchDomain = new Dictionary<(string, string), int>();
        var slotsPerBatch = batches.ToDictionary(b => b.BatchId, _ => new HashSet<int>());
        var (sent, failed, refused, allowed) = (0, 0, 0, 0);
        foreach (var (batchId, ids) in batches)
        {
            var batch = (await harness.Batches.GetAsync(batchId, Ct))!;
            var refusedInBatch = batch.Results?.Sum(r => r.Refused) ?? 0;
            var approvedLeft = 0;
            var perDomain = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var item = (await harness.Queue.GetAsync(id, Ct))!;
                var domain = item.RecipientKey[(item.RecipientKey.IndexOf('@', StringComparison.Ordinal) + 1)..];
                perDomain[domain] = perDomain.GetValueOrDefault(domain) + 1;
                var key = item.RecipientKey + "#" + item.Step.ToString(CultureInfo.InvariantCulture);
                var ok = item.Status switch
                {
                    ReviewStatus.Sent => recorded.Contains(key),
                    ReviewStatus.SendFailed => !recorded.Contains(key),
                    ReviewStatus.Approved => !recorded.Contains(key) && batch.Status == BatchStatus.Executed,
                    _ => false,
                };
                if (!ok)
                {
                    unsettled.Add($"{id} {key}: {item.Status}, recorded {recorded.Contains(key)}, batch {batch.Status}");
                }

                approvedLeft += item.Status == ReviewStatus.Approved ? 1 : 0;
                if (item.Status == ReviewStatus.Sent && (await harness.Ledger.GetAsync(item.RecipientKey, item.Step, Ct))?.Entry is { } entry)
                {
                    var slot = SlotOf(entry.Executor);
                    sentBy[slot]++;
                    slotsPerBatch[batchId].Add(slot);
                    var domainKey = (entry.BatchId, domain);
                    perBatchDomain[domainKey] = perBatchDomain.GetValueOrDefault(domainKey) + 1;
                }

                sent += item.Status == ReviewStatus.Sent ? 1 : 0;
                failed += item.Status == ReviewStatus.SendFailed ? 1 : 0;
            }

            // Every action still approved was refused with a reason the batch counted (and released).
            Assert.True(approvedLeft <= refusedInBatch, $"batch {batchId}: {approvedLeft} approved items left but {refusedInBatch} refusals recorded");
            refused += approvedLeft;
            allowed += perDomain.Values.Sum(n => Math.Min(n, PerDomainPerBatch));
        }

        var description = $"{(sharedStateDirectory ? "file" : "redis")}: {actions} actions in {batchCount} batches, {Workers} workers, {incarnations} worker runs, {kills} SIGKILLs; "
            + $"{sent} sent, {failed} send_failed (reconciled as not sent), {refused} refused ({PerDomainPerBatch} per domain per batch), {calls.Count} provider calls; "
            + $"sent per worker slot {string.Join("/", sentBy.Take(Workers))} (+{sentBy[Workers]} by the settling runs); "
            + $"worker slots sending per batch {string.Join("/", slotsPerBatch.Values.Select(s => s.Count(x => x < Workers)))}; in {clock.Elapsed.TotalSeconds:F0} s";
        TestContext.Current.TestOutputHelper?.WriteLine(description);
        Console.WriteLine(description);

        Assert.True(unsettled.Count == 0, $"{unsettled.Count} unsettled after {kills} kills:\n" + string.Join("\n", unsettled.Take(20)) + "\n" + description);
        var over = perBatchDomain.Where(p => p.Value > PerDomainPerBatch).Select(p => $"{p.Key} = {p.Value}").ToList();
        Assert.True(over.Count == 0, "cap window exceeded: " + string.Join(", ", over));
        Assert.True(refused > 0, "the per-domain-per-batch cap refused nothing: " + description);
        Assert.True(sent >= allowed - (kills * 4), $"only {sent} of {allowed} allowed sends went out after {kills} kills: {description}");
        // Every worker sends part of the work at full size; the short default run (a few seconds on a loaded
        // machine, where a worker may be killed before its first send) needs at least two.
        Assert.True(sentBy.Take(Workers).Count(n => n > 0) >= (Soak ? Workers : 2), "the work was not shared between workers: " + description);
        Assert.True(slotsPerBatch.Values.Any(s => s.Count(x => x < Workers) >= 2), "no batch was shared between workers: " + description);
    }

    private async Task<(int Incarnations, int Kills)> RunWorkersWithKillsAsync(int maxKills, Stopwatch clock)
    {
        var incarnations = 0;
        var kills = 0;
        var random = new Random(8);
        var running = new Process?[Workers];
        var slots = Enumerable.Range(0, Workers).Select(async slot =>
        {
            while (clock.Elapsed < TimeSpan.FromMinutes(Soak ? 15 : 3) && await WorkLeftAsync())
            {
                var run = Interlocked.Increment(ref incarnations);
                using var process = StartWorker("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--state-dir", DirectoryFor($"w{slot}-{run}"));
                _slotOfProcess[process.Id] = slot;
                Volatile.Write(ref running[slot], process);
                await process.WaitForExitAsync(Ct);
                Volatile.Write(ref running[slot], null);
            }
        }).ToList();
        var killer = Task.Run(
            async () =>
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
            },
            Ct);
        await Task.WhenAll(slots);
        await killer;
        return (incarnations, kills);
    }

    /// <summary>Waits out stale reservations and leases, reconciles against every recording and resumes interrupted batches.</summary>
    private async Task SettleAsync()
    {
        var final = DirectoryFor("final");
        for (var round = 0; round < 3 && await AnythingOpenAsync(); round++)
        {
            MergeRecordings(final);
            await Task.Delay(TimeSpan.FromSeconds(7), Ct);
            await RunWorkerAsync("reconcile", "--state-dir", final);
            await RunWorkerAsync("operator", "--motion", "outbound", "--live", "--channels", "sandbox", "--state-dir", final);
        }
    }

    private async Task<bool> AnythingOpenAsync() =>
        await WorkLeftAsync() || (await harness.Queue.ListAsync(ReviewStatus.MaybeSent, cancellationToken: Ct)).Count > 0 || (await harness.Ledger.ListStaleReservationsAsync(DateTimeOffset.MaxValue, Ct)).Count > 0;

    private async Task<bool> WorkLeftAsync() =>
        (await harness.Batches.ListAsync(BatchStatus.Approved, Ct)).Count + (await harness.Batches.ListAsync(BatchStatus.Executing, Ct)).Count > 0;

    private string DirectoryFor(string incarnation) => sharedStateDirectory ? Path.Combine(root, "state") : Path.Combine(root, incarnation);

    private int SlotOf(string? executor)
    {
        var parts = (executor ?? string.Empty).Split(':');
        return parts.Length >= 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) && _slotOfProcess.TryGetValue(pid, out var slot) ? slot : Workers;
    }

    private Process StartWorker(params string[] args)
    {
        var start = WorkerProcess.StartInfo(environment, args);
        start.RedirectStandardOutput = false;
        start.RedirectStandardError = false;
        return Process.Start(start)!;
    }

    private async Task RunWorkerAsync(params string[] args)
    {
        using var process = StartWorker(args);
        await process.WaitForExitAsync(Ct);
    }

    /// <summary>
    /// Every provider call as its (recipient, step): each line of every recording, plus each call the
    /// recorder saw again for a message it had already recorded (<c>repeats.jsonl</c>). Copies made by
    /// merging recordings for reconciliation are not calls.
    /// </summary>
    private List<string> ProviderCalls()
    {
        var finalDirectory = Path.Combine(root, "final") + Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(root, "sends.jsonl", SearchOption.AllDirectories).ToList();
        var incarnationIds = files.Where(f => !f.StartsWith(finalDirectory, StringComparison.Ordinal)).SelectMany(f => Read(f).Select(s => s.MessageId)).ToHashSet(StringComparer.Ordinal);
        List<string> calls = [];
        foreach (var file in files)
        {
            var isFinal = file.StartsWith(finalDirectory, StringComparison.Ordinal);
            calls.AddRange(Read(file).Where(s => !isFinal || !incarnationIds.Contains(s.MessageId)).Select(Key));
            calls.AddRange(Read(Path.Combine(Path.GetDirectoryName(file)!, "repeats.jsonl")).Select(Key));
        }

        return calls;
    }

    /// <summary>Copies every incarnation's sends into the final directory's recording, so reconciliation asks all of them.</summary>
    private void MergeRecordings(string final)
    {
        if (sharedStateDirectory)
        {
            return;
        }

        var target = new SandboxSendRecorder(Path.Combine(final, "sandbox", "sends.jsonl"));
        foreach (var file in Directory.EnumerateFiles(root, "sends.jsonl", SearchOption.AllDirectories).Where(f => !f.StartsWith(final, StringComparison.Ordinal)))
        {
            foreach (var send in new SandboxSendRecorder(file).ReadAll().Where(s => !target.Contains(s.MessageId)))
            {
                target.Record(send);
            }
        }
    }

    private static string Key(SandboxSend send) => send.RecipientKey + "#" + send.Step.ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyList<SandboxSend> Read(string file) => File.Exists(file) ? new SandboxSendRecorder(file).ReadAll() : [];
}
