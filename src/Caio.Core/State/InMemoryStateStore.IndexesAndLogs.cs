using System.Runtime.CompilerServices;
using Caio.State.Internal;

namespace Caio.State;

/// <summary>Sorted indexes and append-only logs.</summary>
public sealed partial class InMemoryStateStore
{
    /// <inheritdoc />
    public ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        StateRules.ValidateScore(score, nameof(score));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_indexesGate)
        {
            SetIndexMember(index, member, score);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_indexesGate)
        {
            return ValueTask.FromResult(RemoveIndexMember(index, member));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        StateRules.ValidateRange(min, max, limit);
        cancellationToken.ThrowIfCancellationRequested();
        var take = limit ?? int.MaxValue;
        if (take == 0 || min > max)
        {
            return ValueTask.FromResult<IReadOnlyList<IndexEntry>>(Array.Empty<IndexEntry>());
        }

        List<IndexEntry>? result = null;
        lock (_indexesGate)
        {
            // The lowest possible entry at min is (min, "") since "" sorts first ordinally.
            var lowest = new IndexEntry(string.Empty, min);
            if (_indexes.TryGetValue(index, out var slot)
                && slot.Ordered.Count > 0
                && StateRules.CompareEntries(lowest, slot.Ordered.Max) <= 0)
            {
                foreach (var entry in slot.Ordered.GetViewBetween(lowest, slot.Ordered.Max))
                {
                    result ??= [];
                    if (entry.Score > max || result.Count >= take)
                    {
                        break;
                    }

                    result.Add(entry);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<IndexEntry>>(result is null ? Array.Empty<IndexEntry>() : result);
    }

    /// <inheritdoc />
    public ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        StateRules.ValidateLogRecord(record, nameof(record));
        cancellationToken.ThrowIfCancellationRequested();
        var copy = record.ToArray();
        lock (_logsGate)
        {
            if (!_logs.TryGetValue(log, out var records))
            {
                records = [];
                _logs[log] = records;
            }

            records.Add(copy);
            return ValueTask.FromResult((long)records.Count - 1);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> AppendManyAsync(string log, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            StateRules.ValidateLogRecord(record, nameof(records));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_logsGate)
        {
            if (!_logs.TryGetValue(log, out var list))
            {
                list = [];
                _logs[log] = list;
            }

            var first = list.Count;
            list.AddRange(records.Select(r => (ReadOnlyMemory<byte>)r.ToArray()));
            return ValueTask.FromResult((long)first);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        ArgumentOutOfRangeException.ThrowIfNegative(fromPosition);
        cancellationToken.ThrowIfCancellationRequested();
        ReadOnlyMemory<byte>[] snapshot = [];
        lock (_logsGate)
        {
            if (_logs.TryGetValue(log, out var records) && fromPosition < records.Count)
            {
                snapshot = records.GetRange((int)fromPosition, records.Count - (int)fromPosition).ToArray();
            }
        }

        for (var i = 0; i < snapshot.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new LogRecord(fromPosition + i, snapshot[i]);
        }

        await Task.CompletedTask;
    }

    /// <summary>Adds or re-scores an index member. The caller holds the indexes lock.</summary>
    private void SetIndexMember(string index, string member, double score)
    {
        if (!_indexes.TryGetValue(index, out var slot))
        {
            slot = new IndexSlot();
            _indexes[index] = slot;
        }

        if (slot.Scores.TryGetValue(member, out var old))
        {
            slot.Ordered.Remove(new IndexEntry(member, old));
        }

        slot.Scores[member] = score;
        slot.Ordered.Add(new IndexEntry(member, score));
    }

    /// <summary>Removes an index member. The caller holds the indexes lock.</summary>
    private bool RemoveIndexMember(string index, string member)
    {
        if (!_indexes.TryGetValue(index, out var slot) || !slot.Scores.Remove(member, out var old))
        {
            return false;
        }

        slot.Ordered.Remove(new IndexEntry(member, old));
        return true;
    }

    private sealed class IndexSlot
    {
        public Dictionary<string, double> Scores { get; } = new(StringComparer.Ordinal);

        public SortedSet<IndexEntry> Ordered { get; } = new(Comparer<IndexEntry>.Create(StateRules.CompareEntries));
    }
}
