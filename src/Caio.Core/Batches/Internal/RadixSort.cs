using System.Buffers;

namespace Caio.Batches.Internal;

/// <summary>
/// Sorts 64-bit keys with their companion values by least-significant-byte radix passes, skipping every byte
/// that all keys share (the high bytes of ASCII characters, a shared prefix), and returning at once when the
/// keys are already in order. Stable; O(n) per pass that runs.
/// </summary>
internal static class RadixSort
{
    private const int Buckets = 256;

    // Below this size the comparison sort is as fast and needs no scratch arrays.
    private const int MinimumRadixLength = 64;

    /// <summary>Sorts <paramref name="keys"/> ascending and applies the same moves to <paramref name="values"/>.</summary>
    public static void Sort(Span<ulong> keys, Span<int> values)
    {
        var count = keys.Length;
        if (IsSorted(keys))
        {
            return;
        }

        if (count < MinimumRadixLength)
        {
            keys.Sort(values);
            return;
        }

        var histograms = ArrayPool<int>.Shared.Rent(8 * Buckets);
        var keyScratch = ArrayPool<ulong>.Shared.Rent(count);
        var valueScratch = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var counts = histograms.AsSpan(0, 8 * Buckets);
            counts.Clear();
            foreach (var key in keys)
            {
                for (var b = 0; b < 8; b++)
                {
                    counts[(b * Buckets) + (int)((key >> (8 * b)) & 0xFF)]++;
                }
            }

            Span<ulong> sourceKeys = keys, targetKeys = keyScratch.AsSpan(0, count);
            Span<int> sourceValues = values, targetValues = valueScratch.AsSpan(0, count);
            var inScratch = false;
            for (var b = 0; b < 8; b++)
            {
                var histogram = counts.Slice(b * Buckets, Buckets);
                if (histogram[(int)((sourceKeys[0] >> (8 * b)) & 0xFF)] == count)
                {
                    // Every key has the same byte here: this pass would move nothing.
                    continue;
                }

                var offset = 0;
                for (var i = 0; i < Buckets; i++)
                {
                    var bucket = histogram[i];
                    histogram[i] = offset;
                    offset += bucket;
                }

                for (var i = 0; i < count; i++)
                {
                    var key = sourceKeys[i];
                    var position = histogram[(int)((key >> (8 * b)) & 0xFF)]++;
                    targetKeys[position] = key;
                    targetValues[position] = sourceValues[i];
                }

                var swapKeys = sourceKeys;
                sourceKeys = targetKeys;
                targetKeys = swapKeys;
                var swapValues = sourceValues;
                sourceValues = targetValues;
                targetValues = swapValues;
                inScratch = !inScratch;
            }

            if (inScratch)
            {
                sourceKeys.CopyTo(keys);
                sourceValues.CopyTo(values);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(histograms);
            ArrayPool<ulong>.Shared.Return(keyScratch);
            ArrayPool<int>.Shared.Return(valueScratch);
        }
    }

    private static bool IsSorted(ReadOnlySpan<ulong> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] < keys[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
