using Caio.Batches;

namespace Caio.Core.Tests.Batches;

/// <summary>
/// The preview hash's allocations, alone in the process: its working arrays come from the shared pool, which a
/// test hashing a large scope at the same time would drain.
/// </summary>
[Collection(nameof(AloneCollection))]
public sealed class PreviewHashAllocationTests
{
    [Fact]
    public void Compute_LargeBatch_AllocatesNoMoreThanSmallBatch()
    {
        var small = ScopeGenerator.Create(100);
        var large = ScopeGenerator.Create(10_000);

        var smallBytes = MinAllocated(() => PreviewHash.Compute(small));
        var largeBytes = MinAllocated(() => PreviewHash.Compute(large));

        // Pooled buffers are reused; what remains (hash object, result string) does not depend on the size.
        Assert.InRange(largeBytes, 0, smallBytes + 256);
    }

    private static long MinAllocated(Action action)
    {
        // The fewest bytes over many rounds: a full collection trims the shared pool, which costs the round
        // it falls in fresh buffers, never all of them.
        var min = long.MaxValue;
        for (var round = 0; round < 20; round++)
        {
            action();
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            min = Math.Min(min, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return min;
    }
}
