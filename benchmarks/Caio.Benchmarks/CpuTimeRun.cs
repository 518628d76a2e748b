using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Caio.Benchmarks;

/// <summary>
/// The realistic-input workloads timed by the CPU time of the measuring thread rather than the wall clock
/// (<c>--cpu-time</c>). On a machine shared with other jobs, BenchmarkDotNet's wall-clock figures include the time
/// the thread waited for a core; its own CPU time does not (it still pays for caches the other jobs evict).
/// Each workload is warmed up, then repeated for about two seconds of CPU; the figure is the median of five
/// such rounds, per item.
/// </summary>
internal static class CpuTimeRun
{
    private const int Rounds = 5;

    public static int Run(string? only = null)
    {
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");

        if (only is null or "scoring")
        {
            var scoring = new RealisticScoringBenchmarks { Varied = "All" };
            scoring.Setup();
            Report("ICP Evaluate per lead (All)", 20_000, () => scoring.EvaluatePerLead());
            Report("  the first 500 of those leads only (they stay in cache)", 500, () => scoring.EvaluateFirst(500));
            var unique = new RealisticScoringBenchmarks { Varied = "AllUnique" };
            unique.Setup();
            Report("ICP Evaluate per lead (AllUnique)", 20_000, () => unique.EvaluatePerLead());
        }

        if (only is null or "dedup")
        {
            var dedup = new RealisticDedupBenchmarks();
            dedup.Setup();
            Report("dedup key + membership per email", RealisticDedupBenchmarks.EmailCount, () => dedup.KeyAndContainsPerEmail());
            Report("dedup key + membership per email, asked in lists (ContainsEach)", RealisticDedupBenchmarks.EmailCount, () => dedup.KeyAndContainsEachPerEmail());
            Report("dedup, previous dictionary, per email", RealisticDedupBenchmarks.EmailCount, () => dedup.KeyAndContainsPerEmail_PreviousDictionary());
            Report("dedup canonicalization only, per email", RealisticDedupBenchmarks.EmailCount, () => dedup.NormalizeOnlyPerEmail());
            Report("dedup probe written and hashed, no table read, per email", RealisticDedupBenchmarks.EmailCount, () => (int)dedup.WriteKeyAndHashOnlyPerEmail());
            Report("dedup lookup of made keys only, per email", RealisticDedupBenchmarks.EmailCount, () => dedup.ContainsKeyOnlyPerEmail());
        }

        if (only is null or "dedup" or "miss")
        {
            MissLatency.Report();
        }

        if (only is null or "hash")
        {
            PreviewHashParts();
        }

        if (only is null or "guards")
        {
            GuardChain();
        }

        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static void PreviewHashParts()
    {
        var hash = new RealisticPreviewHashBenchmarks();
        hash.Setup();
        var preview = Report("preview hash of 10,000 actions", 1, () => hash.PreviewHashTryCompute() ? 1 : 0);
        var sha = Report("SHA-256 of the same canonical bytes", 1, () => hash.Sha256OfCanonicalBytes());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"preview hash / SHA-256 = {preview / sha:0.00}"));
        Report("  of which validating, encoding and ordering (no output)", 1, () =>
        {
            Caio.Batches.Internal.PreviewHashEncoder.Validate(hash.Scope);
            return 0;
        });
        var emails = hash.Scope.Actions.Select(a => a.Email).ToArray();
        var buffer = new char[Caio.Dedup.EmailCanonicalizer.MaxNormalizedLength];
        Report("  of which canonicalizing the 10,000 emails", 1, () =>
        {
            var total = 0;
            foreach (var email in emails)
            {
                Caio.Dedup.EmailCanonicalizer.Default.TryNormalize(email, buffer, out var written, out _);
                total += written;
            }

            return total;
        });
    }

    private static void GuardChain()
    {
        var guards = new GuardChainBenchmarks();
        guards.Setup();

        // Both paths share most of their code: warm both up (JIT tiers) before either is timed.
        for (var i = 0; i < 300_000; i++)
        {
            guards.EvaluateAllowedAndRelease().GetAwaiter().GetResult();
            guards.EvaluateAllowedAndCommit().GetAwaiter().GetResult();
        }

        Report("guard chain, allowed send, released", 1, () => guards.EvaluateAllowedAndRelease().GetAwaiter().GetResult() ? 1 : 0);
        Report("guard chain, allowed send, committed", 1, () => guards.EvaluateAllowedAndCommit().GetAwaiter().GetResult() ? 1 : 0);
        ReportAllocation("guard chain, allowed send, released", () => guards.EvaluateAllowedAndRelease().GetAwaiter().GetResult() ? 1 : 0);
        ReportAllocation("guard chain, allowed send, committed", () => guards.EvaluateAllowedAndCommit().GetAwaiter().GetResult() ? 1 : 0);
    }

    private static void ReportAllocation(string name, Func<int> workload)
    {
        const int Calls = 100_000;
        var sink = workload();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            sink += workload();
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {perCall:0} B allocated per call ({sink & 1})"));
    }

    internal static double Report(string name, int itemsPerCall, Func<int> workload)
    {
        var sink = 0;
        var calls = 1;
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(1) || calls < 3)
        {
            sink += workload();
            calls++;
        }

        // Calls per round: about two seconds of CPU.
        var start = ThreadCpuNanoseconds();
        sink += workload();
        var one = Math.Max(1, ThreadCpuNanoseconds() - start);
        var perRound = (int)Math.Clamp(2_000_000_000L / one, 1, 10_000_000);

        var results = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            start = ThreadCpuNanoseconds();
            for (var i = 0; i < perRound; i++)
            {
                sink += workload();
            }

            results[round] = (ThreadCpuNanoseconds() - start) / (double)perRound / itemsPerCall;
        }

        Array.Sort(results);
        var median = results[Rounds / 2];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {Format(median)} CPU (rounds {Format(results[0])} … {Format(results[^1])}; {sink & 1})"));
        return median;
    }

    private static string Format(double nanoseconds) =>
        nanoseconds >= 1_000_000 ? string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000:0.000} ms")
        : nanoseconds >= 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000:0.00} µs")
        : string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0.0} ns");

    private static long ThreadCpuNanoseconds()
    {
        // CLOCK_THREAD_CPUTIME_ID = 3 on Linux.
        if (ClockGetTime(3, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
