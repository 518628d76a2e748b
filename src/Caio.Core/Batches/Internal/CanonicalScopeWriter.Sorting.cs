using System.Buffers;

namespace Caio.Batches.Internal;

/// <summary>The ordering half of <see cref="CanonicalScopeWriter"/>: ids and actions in canonical order.</summary>
internal sealed partial class CanonicalScopeWriter
{
    // Runs of equal sort keys up to this length are insertion-sorted.
    private const int SmallRun = 16;

    /// <summary>
    /// Sorts <paramref name="order"/> (holding 0…n-1) by the strings whose start and length are at
    /// <paramref name="stringField"/> in <paramref name="fields"/>, falling back to <paramref name="comparer"/> on ties.
    /// The strings are first keyed by the four UTF-16 code units that follow their common prefix, packed big-endian
    /// into a <see cref="ulong"/>, and sorted as primitives; only runs of equal keys need the full comparer.
    /// Equal keys mean equal first characters, and a shorter string pads with U+0000 (ties go to the comparer), so
    /// the result is exactly the comparer's order.
    /// </summary>
    private static void SortByPrefix<TComparer>(Span<int> order, int[] fields, int stride, int stringField, char[] chars, TComparer comparer)
        where TComparer : IComparer<int>
    {
        var count = order.Length;
        if (count < 2)
        {
            return;
        }

        var keysArray = ArrayPool<ulong>.Shared.Rent(count);
        try
        {
            var first = chars.AsSpan(fields[stringField], fields[stringField + 1]);
            var prefix = first.Length;
            for (var i = 1; i < count && prefix > 0; i++)
            {
                var offset = (stride * i) + stringField;
                prefix = first[..prefix].CommonPrefixLength(chars.AsSpan(fields[offset], fields[offset + 1]));
            }

            var keys = keysArray.AsSpan(0, count);
            for (var i = 0; i < count; i++)
            {
                var offset = (stride * i) + stringField;
                var value = chars.AsSpan(fields[offset] + prefix, fields[offset + 1] - prefix);
                ulong key = 0;
                for (var k = 0; k < 4; k++)
                {
                    key = (key << 16) | (k < value.Length ? value[k] : 0u);
                }

                keys[i] = key;
                order[i] = i;
            }

            RadixSort.Sort(keys, order);
            Comparison<int>? comparison = null;
            var runStart = 0;
            for (var i = 1; i <= count; i++)
            {
                if (i == count || keys[i] != keys[runStart])
                {
                    var run = order[runStart..i];
                    if (run.Length <= SmallRun)
                    {
                        InsertionSort(run, comparer);
                    }
                    else
                    {
                        // One delegate for the whole sort, so allocations do not grow with the number of runs.
                        comparison ??= comparer.Compare;
                        run.Sort(comparison);
                    }

                    runStart = i;
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keysArray);
        }
    }

    private static void InsertionSort<TComparer>(Span<int> run, TComparer comparer)
        where TComparer : IComparer<int>
    {
        for (var i = 1; i < run.Length; i++)
        {
            var value = run[i];
            var j = i - 1;
            while (j >= 0 && comparer.Compare(run[j], value) > 0)
            {
                run[j + 1] = run[j];
                j--;
            }

            run[j + 1] = value;
        }
    }

    /// <summary>Ordinal (UTF-16 code unit) order of item ids, read from the contiguous character buffer.</summary>
    private readonly struct ItemOrder : IComparer<int>
    {
        private readonly int[] _fields;
        private readonly char[] _chars;

        public ItemOrder(int[] fields, char[] chars)
        {
            _fields = fields;
            _chars = chars;
        }

        public int Compare(int x, int y) =>
            _chars.AsSpan(_fields[ItemStride * x], _fields[(ItemStride * x) + 1])
                .SequenceCompareTo(_chars.AsSpan(_fields[ItemStride * y], _fields[(ItemStride * y) + 1]));
    }

    /// <summary>Total order of actions: action id, canonical email (both ordinal), channel, step, day.</summary>
    private readonly struct ActionOrder : IComparer<int>
    {
        private readonly int[] _fields;
        private readonly char[] _chars;

        public ActionOrder(int[] fields, char[] chars)
        {
            _fields = fields;
            _chars = chars;
        }

        public int Compare(int x, int y)
        {
            var a = ActionStride * x;
            var b = ActionStride * y;
            var result = Span(a + IdStart).SequenceCompareTo(Span(b + IdStart));
            if (result != 0)
            {
                return result;
            }

            result = Span(a + EmailStart).SequenceCompareTo(Span(b + EmailStart));
            if (result != 0)
            {
                return result;
            }

            // Wire names "email" < "linkedin" follow the enum's numeric order.
            for (var field = ChannelField; field <= DayField; field++)
            {
                result = _fields[a + field].CompareTo(_fields[b + field]);
                if (result != 0)
                {
                    return result;
                }
            }

            return 0;
        }

        private ReadOnlySpan<char> Span(int field) => _chars.AsSpan(_fields[field], _fields[field + 1]);
    }
}
