using Caio.State;

namespace Caio.Core.Tests.Safety;

/// <summary>
/// Wraps a real store: counts the calls made through it and can make calls on chosen keys fail,
/// to show that safety checks fail closed when state is unavailable.
/// </summary>
internal sealed class InstrumentedStateStore(IStateStore inner) : IStateStore
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Keys (by prefix) whose reads and writes throw.</summary>
    public string? FailPrefix { get; set; }

    public IStateStore Inner => inner;

    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Touch(key);
        return inner.GetAsync(key, cancellationToken);
    }

    public ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        Touch(key);
        return inner.TryInsertAsync(key, value, expiresAt, cancellationToken);
    }

    public ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        Touch(key);
        return inner.CompareAndSetAsync(key, value, expectedVersion, expiresAt, cancellationToken);
    }

    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        Touch(key);
        return inner.PutAsync(key, value, expiresAt, cancellationToken);
    }

    public ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        Touch(key);
        return inner.DeleteAsync(key, expectedVersion, cancellationToken);
    }

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        Touch(prefix);
        return inner.ListKeysAsync(prefix, cancellationToken);
    }

    public ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
    {
        foreach (var condition in transaction.Conditions)
        {
            Touch(condition.Key);
        }

        foreach (var write in transaction.Writes)
        {
            if (write.Kind is StateWriteKind.Put or StateWriteKind.Delete)
            {
                Touch(write.Key);
            }
        }

        return inner.CommitAsync(transaction, cancellationToken);
    }

    public ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        Touch(key);
        return inner.IncrementAsync(key, delta, limit, expiresAt, cancellationToken);
    }

    public ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default)
    {
        Touch(key);
        return inner.GetCounterAsync(key, cancellationToken);
    }

    public ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default) =>
        inner.IndexAddAsync(index, member, score, cancellationToken);

    public ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default) =>
        inner.IndexRemoveAsync(index, member, cancellationToken);

    public ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default) =>
        inner.IndexRangeAsync(index, min, max, limit, cancellationToken);

    public ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(log, record, cancellationToken);

    public IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, CancellationToken cancellationToken = default) =>
        inner.ReadLogAsync(log, fromPosition, cancellationToken);

    public ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        inner.TryAcquireLeaseAsync(name, ttl, cancellationToken);

    public ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        inner.RenewLeaseAsync(lease, ttl, cancellationToken);

    public ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default) =>
        inner.ReleaseLeaseAsync(lease, cancellationToken);

    public ValueTask<int> ReserveCountersAsync(ReadOnlyMemory<CounterReservation> counters, CancellationToken cancellationToken = default)
    {
        foreach (var counter in counters.Span)
        {
            Touch(counter.Key);
        }

        return inner.ReserveCountersAsync(counters, cancellationToken);
    }

    public ValueTask<int> ReleaseCountersAsync(ReadOnlyMemory<string> keys, CancellationToken cancellationToken = default)
    {
        foreach (var key in keys.Span)
        {
            Touch(key);
        }

        return inner.ReleaseCountersAsync(keys, cancellationToken);
    }

    private void Touch(string key)
    {
        Interlocked.Increment(ref _calls);
        if (FailPrefix is { } prefix && key.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new IOException($"state unavailable for {key}");
        }
    }
}
