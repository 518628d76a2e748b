namespace Caio.Benchmarks;

/// <summary>
/// The machine's memory latency as the dedup lookup meets it: a chain of dependent loads through a random cyclic
/// permutation of 64-byte nodes (one load per cache line, none predictable), timed by CPU time per load. The
/// 8 MiB run is the size of the dedup set's slot array at 409,453 keys; the 256 MiB run is well beyond the
/// last-level cache, i.e. a miss to DRAM (including the page walk of a 4 KiB page, as the managed heap uses).
/// Next to each, the same sizes read at random addresses known up front: how many misses per nanosecond the
/// machine serves when they need not wait for one another (the bound of a batched lookup).
/// </summary>
internal static class MissLatency
{
    private const int IntsPerNode = 16;
    private const int HopsPerCall = 1_000_000;

    public static void Report()
    {
        foreach (var mebibytes in new[] { 8, 64, 256 })
        {
            var next = Chain(mebibytes * 1024 * 1024 / (IntsPerNode * sizeof(int)));
            CpuTimeRun.Report($"dependent load, random node in {mebibytes} MiB", HopsPerCall, () => Chase(next));
            var targets = Targets(next.Length / IntsPerNode);
            CpuTimeRun.Report($"independent loads, random nodes in {mebibytes} MiB (many in flight)", HopsPerCall, () => Gather(next, targets));
        }
    }

    /// <summary>Random node offsets known up front, as the dedup set's batched lookup knows its slots.</summary>
    private static int[] Targets(int nodes)
    {
        var random = new Random(43);
        var targets = new int[HopsPerCall];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = random.Next(nodes) * IntsPerNode;
        }

        return targets;
    }

    /// <summary>Loads whose addresses do not depend on one another: the machine's throughput of cache misses.</summary>
    private static int Gather(int[] next, int[] targets)
    {
        var sum = 0;
        foreach (var target in targets)
        {
            sum += next[target];
        }

        return sum;
    }

    private static int[] Chain(int nodes)
    {
        var order = new int[nodes];
        for (var i = 0; i < nodes; i++)
        {
            order[i] = i;
        }

        new Random(41).Shuffle(order);
        var next = new int[nodes * IntsPerNode];
        for (var i = 0; i < nodes; i++)
        {
            next[order[i] * IntsPerNode] = order[(i + 1) % nodes] * IntsPerNode;
        }

        return next;
    }

    private static int Chase(int[] next)
    {
        var at = 0;
        for (var i = 0; i < HopsPerCall; i++)
        {
            at = next[at];
        }

        return at;
    }
}
