using System.Diagnostics;
using System.Text.Json;
using Caio.State;

namespace Caio.Worker.Tests;

/// <summary>
/// A real <c>kill -9</c> of a worker process while it queues drafts into a file state directory:
/// afterwards no duplicate marker is left without its draft, the pending index agrees with the
/// records, and re-running the same source queues exactly what a run without the kill queues. The
/// queue stage writes drafts in groups (<see cref="Caio.Pipeline.QueueStage.DefaultBatchSize"/>), each
/// whole or not at all, so the source holds several groups for a kill to land between them.
/// </summary>
public sealed class KillDuringEnqueueTests : CliTestBase
{
    private const string Now = "2026-11-23T15:00:00Z";
    private const int Rounds = 3;

    /// <summary>Fresh state directories tried at most: a kill that lands after the queue stage on a loaded machine proves nothing, so another directory is tried.</summary>
    private const int Attempts = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pipeline_KilledWhileQueueing_LeavesNoOrphanAndLosesNoLead()
    {
        var input = WriteGeneratedLeads(1200);
        string[] Args(string stateDir) => ["pipeline", "--mode", "production", "--input", input, "--state-dir", stateDir, "--now", Now, "--json"];
        var worker = Path.Combine(AppContext.BaseDirectory, "caio-worker.dll");
        var random = new Random(7);

        var reference = Path.Combine(Directory, "reference");
        Assert.Equal(0, (await RunAsync(Args(reference))).ExitCode);
        var expected = (await ItemsAsync(reference)).Count;

        var landedMidQueue = false;
        for (var attempt = 0; attempt < Attempts && !landedMidQueue; attempt++)
        {
            var stateDir = attempt == 0 ? StateDir : $"{StateDir}-{attempt}";
            for (var round = 0; round < Rounds; round++)
            {
                if (await RunAndKillAsync(worker, Args(stateDir), stateDir, afterItems: random.Next(1, 60)))
                {
                    landedMidQueue |= (await ItemsAsync(stateDir)).Count < expected;
                }

                await AssertConsistentAsync(stateDir, $"attempt {attempt}, after kill {round}");
            }

            Assert.Equal(0, (await RunAsync(Args(stateDir))).ExitCode);
            await AssertConsistentAsync(stateDir, $"attempt {attempt}, after the final run");
            Assert.Equal(expected, (await ItemsAsync(stateDir)).Count);
        }

        Assert.True(landedMidQueue, $"no kill landed while the queue stage was writing, in {Attempts} state directories");
    }

    /// <summary>
    /// Starts the worker and kills it (SIGKILL) as soon as it has queued <paramref name="afterItems"/> new drafts:
    /// counted, not timed, so the kill lands mid-queue however fast the machine is.
    /// </summary>
    /// <returns>Whether it was killed (rather than finished first).</returns>
    private static async Task<bool> RunAndKillAsync(string worker, string[] args, string stateDir, int afterItems)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(worker);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        var started = Stopwatch.StartNew();
        var baseline = CountItemFiles(stateDir);
        while (!process.HasExited && CountItemFiles(stateDir) < baseline + afterItems && started.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(1, Ct);
        }

        var killed = !process.HasExited;
        if (killed)
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no catch block, no finally, no flush
        }

        await process.WaitForExitAsync(Ct);
        await stdout;
        await stderr;
        return killed;
    }

    private static int CountItemFiles(string stateDir)
    {
        var root = StoreRoot(stateDir);
        var queue = root is null ? null : Path.Combine(root, "records", "queue");
        if (queue is null || !System.IO.Directory.Exists(queue))
        {
            return 0;
        }

        // Items written one by one are documents; items written in groups are lines of the segments.
        var segments = Path.Combine(queue, "segments");
        var lines = System.IO.Directory.Exists(segments)
            ? System.IO.Directory.EnumerateFiles(segments, "*.jsonl").Sum(file => File.ReadLines(file).Count(line => line.Contains("\"key\":\"queue:item:", StringComparison.Ordinal)))
            : 0;
        return System.IO.Directory.EnumerateFiles(queue, "queue%3Aitem%3A*.json").Count() + lines;
    }

    /// <summary>The directory of the file store under a worker's state directory.</summary>
    private static string? StoreRoot(string stateDir)
    {
        if (!System.IO.Directory.Exists(stateDir))
        {
            return null;
        }

        return System.IO.Directory.Exists(Path.Combine(stateDir, "records"))
            ? stateDir
            : System.IO.Directory.EnumerateDirectories(stateDir, "records", SearchOption.AllDirectories).Select(Path.GetDirectoryName).FirstOrDefault();
    }

    private static FileStateStore OpenStore(string stateDir) =>
        new(new FileStateStoreOptions { Directory = StoreRoot(stateDir) ?? stateDir }, TimeProvider.System);

    private static async Task<Dictionary<string, string>> ItemsAsync(string stateDir)
    {
        var store = OpenStore(stateDir);
        Dictionary<string, string> items = new(StringComparer.Ordinal);
        await foreach (var key in store.ListKeysAsync("queue:item:", Ct))
        {
            using var json = JsonDocument.Parse((await store.GetAsync(key, Ct))!.Value);
            items[json.RootElement.GetProperty("id").GetString()!] = json.RootElement.GetProperty("status").GetString()!;
        }

        return items;
    }

    private static async Task AssertConsistentAsync(string stateDir, string context)
    {
        if (StoreRoot(stateDir) is null)
        {
            return; // killed before the store was created
        }

        var store = OpenStore(stateDir);
        var items = await ItemsAsync(stateDir);
        await foreach (var marker in store.ListKeysAsync("queue:dedup:", Ct))
        {
            var owner = JsonSerializer.Deserialize<string>((await store.GetAsync(marker, Ct))!.Value.Span)!;
            Assert.True(items.ContainsKey(owner), $"{context}: duplicate marker {marker} without its draft {owner}");
        }

        var pending = (await store.IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct))
            .Select(e => e.Member).ToHashSet(StringComparer.Ordinal);
        var pendingItems = items.Where(i => i.Value == "pending").Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(pending.SetEquals(pendingItems), $"{context}: pending index {pending.Count} members, {pendingItems.Count} pending records");
        Assert.Empty(System.IO.Directory.EnumerateFiles(Path.Combine(StoreRoot(stateDir)!, "intents")));
    }
}
