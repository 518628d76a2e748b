using System.Runtime.CompilerServices;
using Caio.State.Internal;

namespace Caio.State;

/// <summary>
/// An <see cref="IStateStore"/> held in process memory: for tests, samples and single-process runs
/// that need no persistence. Thread-safe; every primitive is atomic. Expiry is evaluated lazily
/// against the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Records, counters, indexes, logs and leases are five separate namespaces, each guarded by its
/// own lock. Values are copied on the way in, so callers may reuse their buffers.
/// </remarks>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _recordsGate = new();
    private readonly Lock _countersGate = new();
    private readonly Lock _indexesGate = new();
    private readonly Lock _logsGate = new();
    private readonly Lock _leasesGate = new();
    private readonly Dictionary<string, StateEntry> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CounterSlot> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexSlot> _indexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ReadOnlyMemory<byte>>> _logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaseSlot> _leases = new(StringComparer.Ordinal);

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock expiry is evaluated against.</param>
    public InMemoryStateStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_recordsGate)
        {
            return ValueTask.FromResult(LiveRecord(key, _timeProvider.GetUtcNow()));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        cancellationToken.ThrowIfCancellationRequested();
        var copy = value.ToArray();
        lock (_recordsGate)
        {
            if (LiveRecord(key, _timeProvider.GetUtcNow()) is not null)
            {
                return ValueTask.FromResult(false);
            }

            _records[key] = new StateEntry(key, copy, 1, expiresAt);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var copy = value.ToArray();
        lock (_recordsGate)
        {
            var current = LiveRecord(key, _timeProvider.GetUtcNow());
            var currentVersion = current?.Version ?? 0;
            if (currentVersion != expectedVersion)
            {
                return ValueTask.FromResult<long?>(null);
            }

            var version = currentVersion + 1;
            _records[key] = new StateEntry(key, copy, version, expiresAt);
            return ValueTask.FromResult<long?>(version);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        cancellationToken.ThrowIfCancellationRequested();
        var copy = value.ToArray();
        lock (_recordsGate)
        {
            var version = (LiveRecord(key, _timeProvider.GetUtcNow())?.Version ?? 0) + 1;
            _records[key] = new StateEntry(key, copy, version, expiresAt);
            return ValueTask.FromResult(version);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_recordsGate)
        {
            var current = LiveRecord(key, _timeProvider.GetUtcNow());
            if (current is null || (expectedVersion is { } expected && current.Version != expected))
            {
                return ValueTask.FromResult(false);
            }

            _records.Remove(key);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StateKeys.ValidatePrefix(prefix, nameof(prefix));
        cancellationToken.ThrowIfCancellationRequested();
        List<string> keys = [];
        lock (_recordsGate)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var (key, entry) in _records)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && StateRules.IsLive(entry.ExpiresAt, now))
                {
                    keys.Add(key);
                }
            }
        }

        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        cancellationToken.ThrowIfCancellationRequested();

        // Always records before indexes: the single-key calls take one of the two, so this order
        // cannot deadlock with them or with another commit.
        lock (_recordsGate)
        {
            lock (_indexesGate)
            {
                var now = _timeProvider.GetUtcNow();
                foreach (var condition in transaction.Conditions)
                {
                    var current = LiveRecord(condition.Key, now)?.Version ?? 0;
                    if (!condition.IsMetBy(current))
                    {
                        return ValueTask.FromResult(StateCommitResult.Conflict(condition, current));
                    }
                }

                var versions = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var write in transaction.Writes)
                {
                    switch (write.Kind)
                    {
                        case StateWriteKind.Put:
                            var version = (LiveRecord(write.Key, now)?.Version ?? 0) + 1;
                            _records[write.Key] = new StateEntry(write.Key, write.Value, version, write.ExpiresAt);
                            versions[write.Key] = version;
                            break;
                        case StateWriteKind.Delete:
                            _records.Remove(write.Key);
                            break;
                        case StateWriteKind.IndexAdd:
                            SetIndexMember(write.Key, write.Member!, write.Score);
                            break;
                        default:
                            RemoveIndexMember(write.Key, write.Member!);
                            break;
                    }
                }

                return ValueTask.FromResult(StateCommitResult.Success(versions));
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateIncrement(delta, limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_countersGate)
        {
            var now = _timeProvider.GetUtcNow();
            var live = _counters.TryGetValue(key, out var slot) && StateRules.IsLive(slot.ExpiresAt, now);
            var current = live ? slot.Value : 0;
            if (!StateRules.TryIncrement(current, delta, limit, out var next))
            {
                return ValueTask.FromResult(new CounterResult(false, current));
            }

            _counters[key] = new CounterSlot(next, live ? slot.ExpiresAt : expiresAt);
            return ValueTask.FromResult(new CounterResult(true, next));
        }
    }

    /// <inheritdoc />
    public ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_countersGate)
        {
            if (!_counters.TryGetValue(key, out var slot))
            {
                return ValueTask.FromResult(0L);
            }

            if (!StateRules.IsLive(slot.ExpiresAt, _timeProvider.GetUtcNow()))
            {
                _counters.Remove(key);
                return ValueTask.FromResult(0L);
            }

            return ValueTask.FromResult(slot.Value);
        }
    }

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
        List<IndexEntry> result = [];
        if (take == 0 || min > max)
        {
            return ValueTask.FromResult<IReadOnlyList<IndexEntry>>(result);
        }

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
                    if (entry.Score > max || result.Count >= take)
                    {
                        break;
                    }

                    result.Add(entry);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<IndexEntry>>(result);
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

    /// <inheritdoc />
    public ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(name, nameof(name));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_leasesGate)
        {
            var now = _timeProvider.GetUtcNow();
            _leases.TryGetValue(name, out var slot);
            if (slot is { Token: not null } && slot.ExpiresAt > now)
            {
                return ValueTask.FromResult<Lease?>(null);
            }

            var lease = new Lease(name, StateRules.NewLeaseToken(), (slot?.FencingToken ?? 0) + 1, now + ttl);
            _leases[name] = new LeaseSlot(lease.Token, lease.FencingToken, lease.ExpiresAt);
            return ValueTask.FromResult<Lease?>(lease);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_leasesGate)
        {
            var now = _timeProvider.GetUtcNow();
            if (!HeldBy(lease, now, out var slot))
            {
                return ValueTask.FromResult(false);
            }

            _leases[lease.Name] = slot with { ExpiresAt = now + ttl };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_leasesGate)
        {
            if (!HeldBy(lease, _timeProvider.GetUtcNow(), out var slot))
            {
                return ValueTask.FromResult(false);
            }

            // The fencing token survives the release so the next grant gets a larger one.
            _leases[lease.Name] = slot with { Token = null };
            return ValueTask.FromResult(true);
        }
    }

    private StateEntry? LiveRecord(string key, DateTimeOffset now)
    {
        if (!_records.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (StateRules.IsLive(entry.ExpiresAt, now))
        {
            return entry;
        }

        _records.Remove(key);
        return null;
    }

    private bool HeldBy(Lease lease, DateTimeOffset now, out LeaseSlot slot) =>
        _leases.TryGetValue(lease.Name, out slot!)
        && string.Equals(slot.Token, lease.Token, StringComparison.Ordinal)
        && slot.FencingToken == lease.FencingToken
        && slot.ExpiresAt > now;

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

    private readonly record struct CounterSlot(long Value, DateTimeOffset? ExpiresAt);

    private sealed record LeaseSlot(string? Token, long FencingToken, DateTimeOffset ExpiresAt);

    private sealed class IndexSlot
    {
        public Dictionary<string, double> Scores { get; } = new(StringComparer.Ordinal);

        public SortedSet<IndexEntry> Ordered { get; } = new(Comparer<IndexEntry>.Create(StateRules.CompareEntries));
    }
}
