using System.Buffers;

namespace Caio.Batches.Internal;

/// <summary>The ordering half of <see cref="PreviewHashEncoder"/>: ids in ordinal order, duplicates found.</summary>
internal sealed partial class PreviewHashEncoder
{
    // Runs of equal sort keys up to this length are insertion-sorted.
    private const int SmallRun = 16;

    /// <summary>
    /// Fills <paramref name="order"/> with the indices of <paramref name="ids"/> in ordinal (UTF-16 code unit) order
    /// and returns the first id, in that order, that occurs twice, or <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// The ids are keyed by the four code units that follow their common prefix, packed big-endian into a
    /// <see cref="ulong"/> (a shorter id pads with U+0000), and the keys sorted as primitives with their indices;
    /// only runs of equal keys compare the ids themselves. Equal keys mean equal leading characters, so the result
    /// is exactly the ordinal order, and two equal ids always fall into the same run.
    /// </remarks>
    private static string? SortById(string[] ids, int count, Span<int> order)
    {
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        if (count < 2)
        {
            return null;
        }

        var first = ids[0].AsSpan();
        var prefix = first.Length;
        for (var i = 1; i < count && prefix > 0; i++)
        {
            prefix = first[..prefix].CommonPrefixLength(ids[i]);
        }

        var keysArray = ArrayPool<ulong>.Shared.Rent(count);
        try
        {
            var keys = keysArray.AsSpan(0, count);
            for (var i = 0; i < count; i++)
            {
                keys[i] = SortKey(ids[i].AsSpan(prefix));
            }

            RadixSort.Sort(keys, order);
            Comparison<int>? comparison = null;
            var runStart = 0;
            for (var i = 1; i <= count; i++)
            {
                if (i < count && keys[i] == keys[runStart])
                {
                    continue;
                }

                if (i - runStart > 1 && SortRun(ids, order[runStart..i], ref comparison) is { } duplicate)
                {
                    return duplicate;
                }

                runStart = i;
            }

            return null;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keysArray);
        }
    }

    private static ulong SortKey(ReadOnlySpan<char> value)
    {
        if (value.Length >= 4)
        {
            return ((ulong)value[0] << 48) | ((ulong)value[1] << 32) | ((ulong)value[2] << 16) | value[3];
        }

        ulong key = 0;
        for (var k = 0; k < 4; k++)
        {
            key = (key << 16) | (k < value.Length ? value[k] : 0u);
        }

        return key;
    }

    /// <summary>Sorts one run of equal keys ordinally; returns the first id in it that occurs twice, or <see langword="null"/>.</summary>
    private static string? SortRun(string[] ids, Span<int> run, ref Comparison<int>? comparison)
    {
        if (run.Length <= SmallRun)
        {
            for (var i = 1; i < run.Length; i++)
            {
                var value = run[i];
                var id = ids[value];
                var j = i - 1;
                while (j >= 0 && string.CompareOrdinal(ids[run[j]], id) > 0)
                {
                    run[j + 1] = run[j];
                    j--;
                }

                run[j + 1] = value;
            }
        }
        else
        {
            // One delegate for the whole sort, so allocations do not grow with the number of runs.
            comparison ??= OrdinalComparison(ids);
            run.Sort(comparison);
        }

        for (var i = 1; i < run.Length; i++)
        {
            if (string.Equals(ids[run[i - 1]], ids[run[i]], StringComparison.Ordinal))
            {
                return ids[run[i]];
            }
        }

        return null;
    }

    // A separate method, so the closure is only made when a long run needs it (a lambda in the caller would be
    // allocated on every call).
    private static Comparison<int> OrdinalComparison(string[] ids) => (x, y) => string.CompareOrdinal(ids[x], ids[y]);
}
