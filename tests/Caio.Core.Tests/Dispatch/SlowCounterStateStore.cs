using Caio.State;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// Wraps a real store and holds every counter change for a moment after it is applied, so that
/// concurrent executors overlap while one of them holds a cap or ramp slot.
/// </summary>
internal sealed class SlowCounterStateStore(IStateStore inner) : IStateStore
{
    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) => inner.TryInsertAsync(key, value, expiresAt, cancellationToken);

    public ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) => inner.CompareAndSetAsync(key, value, expectedVersion, expiresAt, cancellationToken);

    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, expiresAt, cancellationToken);

    public ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, expectedVersion, cancellationToken);

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListKeysAsync(prefix, cancellationToken);

    public ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default) => inner.CommitAsync(transaction, cancellationToken);

    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        var result = await inner.IncrementAsync(key, delta, limit, expiresAt, cancellationToken).ConfigureAwait(false);
        await Task.Delay(2, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

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
