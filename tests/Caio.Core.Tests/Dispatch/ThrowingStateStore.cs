using Caio.State;

namespace Caio.Core.Tests.Dispatch;

/// <summary>Delegates to a real store; writes whose key matches a predicate throw an <see cref="IOException"/> ("disk full").</summary>
internal sealed class ThrowingStateStore(IStateStore inner) : IStateStore
{
    public Func<string, bool>? FailPut { get; set; }

    public Func<string, bool>? FailInsert { get; set; }

    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        FailInsert?.Invoke(key) == true ? throw new IOException("disk full") : inner.TryInsertAsync(key, value, expiresAt, cancellationToken);

    public ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) => inner.CompareAndSetAsync(key, value, expectedVersion, expiresAt, cancellationToken);

    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        FailPut?.Invoke(key) == true ? throw new IOException("disk full") : inner.PutAsync(key, value, expiresAt, cancellationToken);

    public ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, expectedVersion, cancellationToken);

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListKeysAsync(prefix, cancellationToken);

    /// <summary>A commit fails as a whole (nothing applied) when one of its puts matches either predicate.</summary>
    public ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default) =>
        transaction.Writes.Any(write => write.Kind == StateWriteKind.Put && (FailInsert?.Invoke(write.Key) == true || FailPut?.Invoke(write.Key) == true))
            ? throw new IOException("disk full")
            : inner.CommitAsync(transaction, cancellationToken);

    public ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) => inner.IncrementAsync(key, delta, limit, expiresAt, cancellationToken);

    public ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default) => inner.GetCounterAsync(key, cancellationToken);

    public ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default) => inner.IndexAddAsync(index, member, score, cancellationToken);

    public ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default) => inner.IndexRemoveAsync(index, member, cancellationToken);

    public ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default) => inner.IndexRangeAsync(index, min, max, limit, cancellationToken);

    public ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) => inner.AppendAsync(log, record, cancellationToken);

    public IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, CancellationToken cancellationToken = default) => inner.ReadLogAsync(log, fromPosition, cancellationToken);

    public ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.TryAcquireLeaseAsync(name, ttl, cancellationToken);

    public ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.RenewLeaseAsync(lease, ttl, cancellationToken);

    public ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default) => inner.ReleaseLeaseAsync(lease, cancellationToken);
}
