using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Caio.Internal;

/// <summary>Hints to the processor about memory that is about to be read.</summary>
internal static class MemoryHint
{
    /// <summary>
    /// Asks the processor to start bringing the cache line of <paramref name="location"/> into its caches and returns
    /// at once. Only a hint: nothing is read, a prefetch never faults, and where the garbage collector moves the
    /// object meanwhile the hint is merely wasted. Does nothing on processors without the instruction.
    /// </summary>
    public static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }
}
