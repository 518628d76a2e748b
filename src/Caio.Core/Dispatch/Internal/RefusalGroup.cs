using Caio.Audit;

namespace Caio.Dispatch.Internal;

/// <summary>
/// The refusals and deferrals of one batch execution, recorded as a group (decision 0009): their audit
/// records are appended together and their per-reason counts are added once per reason, instead of an
/// append, a counter write and an index write per action. Refusals change no state the send path
/// relies on (the item stays approved and held by the batch), so a crash before a flush loses only that
/// group's audit lines and counts; the next run evaluates those actions again and records them then.
/// </summary>
/// <param name="audit">The audit trail.</param>
/// <param name="statistics">Refusal counts per reason, for status.</param>
/// <param name="flushAt">Entries after which the group is written without waiting for the pass to end.</param>
internal sealed class RefusalGroup(IAuditLog audit, RefusalStatistics statistics, int flushAt = RefusalGroup.DefaultFlushAt)
{
    /// <summary>The default number of refusals written together.</summary>
    public const int DefaultFlushAt = 256;

    private readonly Lock _gate = new();
    private List<AuditRecord> _records = [];
    private Dictionary<string, long> _reasons = new(StringComparer.Ordinal);

    /// <summary>Adds a refusal's audit record and, when <paramref name="reason"/> is given, counts it; writes the group once it is full.</summary>
    /// <param name="record">The audit record.</param>
    /// <param name="reason">The reason to count, or <see langword="null"/> to only audit.</param>
    /// <returns>A task that completes when the refusal is buffered (or, for a full group, written).</returns>
    public ValueTask AddAsync(AuditRecord record, string? reason)
    {
        lock (_gate)
        {
            _records.Add(record);
            if (reason is not null)
            {
                _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
            }

            if (_records.Count < flushAt)
            {
                return ValueTask.CompletedTask;
            }
        }

        return FlushAsync();
    }

    /// <summary>Writes what the group holds: one audit append, one count per reason.</summary>
    /// <returns>A task that completes when the group is durable.</returns>
    public async ValueTask FlushAsync()
    {
        List<AuditRecord> records;
        Dictionary<string, long> reasons;
        lock (_gate)
        {
            if (_records.Count == 0 && _reasons.Count == 0)
            {
                return;
            }

            (records, _records) = (_records, []);
            (reasons, _reasons) = (_reasons, new(StringComparer.Ordinal));
        }

        await audit.AppendManyAsync(records, CancellationToken.None).ConfigureAwait(false);
        await statistics.RecordManyAsync(reasons, CancellationToken.None).ConfigureAwait(false);
    }
}
