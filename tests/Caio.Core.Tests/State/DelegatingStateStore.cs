using Caio.State;

namespace Caio.Core.Tests.State;

/// <summary>
/// Delegates every call to a real store. Test stores derive from it and override only what they change;
/// <see cref="BeforeWriteAsync"/> runs before each record or index write (for a commit, once per written key).
/// </summary>
internal abstract class DelegatingStateStore(IStateStore inner) : IStateStore
{
    protected IStateStore Inner => inner;

    public virtual ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public virtual async ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync(key);
        return await inner.TryInsertAsync(key, value, expiresAt, cancellationToken);
    }

    public virtual async ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync(key);
        return await inner.CompareAndSetAsync(key, value, expectedVersion, expiresAt, cancellationToken);
    }

    public virtual async ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync(key);
        return await inner.PutAsync(key, value, expiresAt, cancellationToken);
    }

    public virtual async ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync(key);
        return await inner.DeleteAsync(key, expectedVersion, cancellationToken);
    }

    public virtual IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListKeysAsync(prefix, cancellationToken);

    public virtual async ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
    {
        foreach (var write in transaction.Writes)
        {
            await BeforeWriteAsync(write.Key);
        }

        return await inner.CommitAsync(transaction, cancellationToken);
    }

    public virtual ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) => inner.IncrementAsync(key, delta, limit, expiresAt, cancellationToken);

    public virtual ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default) => inner.GetCounterAsync(key, cancellationToken);

    public virtual async ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync(index);
        await inner.IndexAddAsync(index, member, score, cancellationToken);
    }

    public virtual async ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default)
    {
        await BeforeWriteAsync(index);
        return await inner.IndexRemoveAsync(index, member, cancellationToken);
    }

    public virtual ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default) => inner.IndexRangeAsync(index, min, max, limit, cancellationToken);

    public virtual ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) => inner.AppendAsync(log, record, cancellationToken);

    public virtual ValueTask<long> AppendManyAsync(string log, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default) => inner.AppendManyAsync(log, records, cancellationToken);

    public virtual IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, CancellationToken cancellationToken = default) => inner.ReadLogAsync(log, fromPosition, cancellationToken);

    public virtual ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.TryAcquireLeaseAsync(name, ttl, cancellationToken);

    public virtual ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.RenewLeaseAsync(lease, ttl, cancellationToken);

    public virtual ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default) => inner.ReleaseLeaseAsync(lease, cancellationToken);

    protected virtual ValueTask BeforeWriteAsync(string key) => ValueTask.CompletedTask;
}
