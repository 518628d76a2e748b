using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Caio.Leads;
using Caio.Safety;
using Caio.State;
using Caio.State.Redis;
using Microsoft.Extensions.Options;

namespace Caio.Benchmarks;

/// <summary>
/// Whole-process throughput of the Redis backend against a local redis-server it starts itself
/// (<c>--redis-throughput [operations]</c>): the cap increment and the ledger reservation (one
/// <c>CommitAsync</c> script) from one client, pipelined; the same scripts through
/// <c>redis-benchmark</c> (one connection, pipeline 64) in the same run; and the full guard chain per
/// allowed send on Redis (p50/p99 latency, one send at a time).
/// </summary>
internal static class RedisThroughputCheck
{
    private const int Window = 2_000;

    public static async Task<int> RunAsync(int operations)
    {
        var port = FreePort();
        using var server = Start("redis-server", "--port", Text(port), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no");
        try
        {
            await Task.Delay(300);
            var time = TimeProvider.System;
            await using var store = RedisStateStore.Connect(new RedisStateOptions { ConnectionString = $"redis://127.0.0.1:{port}", EnvironmentName = "bench" }, time);
            await store.PingAsync();
            var window = time.GetUtcNow().AddDays(1);

            await MeasureAsync("warm-up", operations / 10, i => store.IncrementAsync("cap:warm", 1, long.MaxValue, window).AsTask());
            var increments = await MeasureAsync("cap increment (IncrementAsync)", operations, i => store.IncrementAsync("cap:daily:2026-11-30", 1, long.MaxValue, window).AsTask());
            var entry = "{\"status\":\"reserved\",\"recipientKey\":\"email:jane@acme.example\",\"step\":1}"u8.ToArray();
            var reservations = await MeasureAsync("ledger reservation (CommitAsync)", operations, i =>
                store.CommitAsync(new StateTransaction()
                    .RequireVersion("ledger:" + Text(i), 0)
                    .Put("ledger:" + Text(i), entry)
                    .IndexAdd("ledger:open", Text(i), i)).AsTask());

            var incrementSha = Cli(port, "SCRIPT", "LOAD", RedisScripts.Increment).Trim();
            var commitSha = Cli(port, "SCRIPT", "LOAD", RedisScripts.Commit).Trim();
            var (nowMs, nowTicks) = (time.GetUtcNow().ToUnixTimeMilliseconds(), "0");
            var expiry = Text(window.ToUnixTimeMilliseconds());
            var toolIncrement = RedisBenchmark(port, operations, "EVALSHA", incrementSha, "1", "caio:bench:ctr:cap:tool", Text(nowMs), nowTicks, "1", long.MaxValue.ToString(CultureInfo.InvariantCulture), expiry, "0", "86400000");
            var toolCommit = RedisBenchmark(port, operations, "EVALSHA", commitSha, "3", "caio:bench:meta:record-keys", "caio:bench:rec:ledger:tool:__rand_int__", "caio:bench:idx:ledger:open",
                Text(nowMs), nowTicks, "1", "2", "0", "2", "p", "2", "ledger:tool:__rand_int__", "{\"status\":\"reserved\"}", string.Empty, string.Empty, string.Empty, string.Empty, "a", "3", "__rand_int__", string.Empty, string.Empty, string.Empty, string.Empty, "1");
            Console.WriteLine(Text($"cap increment: {increments:N0} ops/s here vs {toolIncrement:N0} ops/s redis-benchmark (ratio {toolIncrement / increments:F2})"));
            Console.WriteLine(Text($"ledger reservation: {reservations:N0} ops/s here vs {toolCommit:N0} ops/s redis-benchmark (ratio {toolCommit / reservations:F2})"));
            Console.WriteLine(Cli(port, "INFO", "commandstats").Split('\n').Where(l => l.StartsWith("cmdstat_eval", StringComparison.Ordinal)).Aggregate(string.Empty, (a, l) => a + l.Trim() + "\n"));

            await GuardChainLatencyAsync(store, Math.Min(operations / 20, 5_000));
            return 0;
        }
        finally
        {
            server.Kill();
        }
    }

    private static async Task<double> MeasureAsync(string name, int operations, Func<int, Task> operation)
    {
        var inFlight = new List<Task>(Window);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < operations; i++)
        {
            inFlight.Add(operation(i));
            if (inFlight.Count == Window)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
        var rate = operations / watch.Elapsed.TotalSeconds;
        Console.WriteLine(Text($"{name}: {operations:N0} ops in {watch.Elapsed.TotalSeconds:F2} s = {rate:N0} ops/s ({Window} in flight on one connection)"));
        return rate;
    }

    /// <summary>The full chain for an allowed send on Redis (every layer on, limits raised), reservations committed, one send at a time.</summary>
    private static async Task GuardChainLatencyAsync(IStateStore store, int sends)
    {
        var time = new SteppingTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var roomy = new SafetyOptions();
        roomy.Ramp.DailyLimit = int.MaxValue;
        roomy.Caps.Monthly = roomy.Caps.Daily = roomy.Caps.Hourly = int.MaxValue;
        roomy.Caps.PerDomainPerHour = roomy.Caps.PerDomainPerBatch = roomy.Caps.PerMailboxDaily = int.MaxValue;
        roomy.SendWindow.Enabled = false;
        var chain = SafetyChainBuilder.Create(store, Options.Create(roomy), time).Build();
        var context = new SendContext
        {
            RecipientKey = "email:jane.doe@acme.com",
            RecipientDomain = "acme.com",
            RecipientTimeZone = "Europe/Berlin",
            Channel = Channel.Email,
            Step = 1,
            Tier = Tier.Tier1,
            Mailbox = "outbound-1@sender.example",
            BatchId = "batch-1",
            Batch = new BatchAuthorization("batch-1", true, time.GetUtcNow().AddYears(200), true, true),
            Live = true,
        };
        var samples = new double[sends];
        for (var i = -200; i < sends; i++)
        {
            time.Step(TimeSpan.FromSeconds(45));
            var watch = Stopwatch.StartNew();
            var result = await chain.EvaluateAsync(context with { RecipientKey = $"email:lead{i + 200}@acme.com" });
            if (!result.IsAllowed)
            {
                throw new InvalidOperationException($"Expected an allowed send: {result.DecidedBy} {result.Decision}");
            }

            await result.CommitAsync();
            if (i >= 0)
            {
                samples[i] = watch.Elapsed.TotalMicroseconds;
            }
        }

        Array.Sort(samples);
        Console.WriteLine(Text($"guard chain per allowed send on Redis ({sends:N0} sends, sequential): p50 {samples[sends / 2]:F0} µs, p99 {samples[sends * 99 / 100]:F0} µs"));
    }

    private static double RedisBenchmark(int port, int operations, params string[] command)
    {
        string[] args = ["-p", Text(port), "-c", "1", "-P", "64", "-n", Text(operations), "-r", "100000000", "-q", .. command];
        var output = Run("redis-benchmark", args);
        var match = System.Text.RegularExpressions.Regex.Matches(output, @"([0-9.]+) requests per second")[^1];
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Cli(int port, params string[] command) => Run("redis-cli", ["-p", Text(port), .. command]);

    private static string Run(string file, string[] args)
    {
        using var process = Start(file, args);
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Replace("\r", "\n", StringComparison.Ordinal);
    }

    private static Process Start(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
