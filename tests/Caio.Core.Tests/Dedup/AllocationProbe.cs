namespace Caio.Core.Tests.Dedup;

/// <summary>
/// Measures allocations of a hot path on the current thread. Warms up first, then takes several rounds and
/// reports the smallest, so that one-off runtime work (tiered compilation) does not count, while an allocation
/// on every call shows in every round.
/// </summary>
internal static class AllocationProbe
{
    public static long MinAllocatedBytes(Action action, int warmUp = 2_000, int rounds = 5, int callsPerRound = 100)
    {
        for (var i = 0; i < warmUp; i++)
        {
            action();
        }

        var min = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < callsPerRound; i++)
            {
                action();
            }

            min = Math.Min(min, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return min;
    }
}
