using Caio.State;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// Wraps a real store and simulates the death of the process using it: after <see cref="Crash"/>
/// every call throws, so nothing this "process" does afterwards reaches the state. A fresh wrapper over
/// the same inner store (or a new store on the same directory) plays the restarted process.
/// </summary>
internal sealed class CrashableStateStore(IStateStore inner) : IStateStore
{
    private int _crashed;

    public bool Crashed => Volatile.Read(ref _crashed) == 1;

    /// <summary>
    /// When set, the store crashes right before a write it matches: the argument is the record or
    /// counter key, <c>index|member</c> for index changes, the log name for appends.
    /// </summary>
    public Func<string, bool>? CrashBeforeWrite { get; set; }

    public void Crash() => Volatile.Write(ref _crashed, 1);

    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Alive() ? inner.GetAsync(key, cancellationToken) : Dead<StateEntry?>();

    public ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        Writable(key) ? inner.TryInsertAsync(key, value, expiresAt, cancellationToken) : Dead<bool>();

    public ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        Writable(key) ? inner.CompareAndSetAsync(key, value, expectedVersion, expiresAt, cancellationToken) : Dead<long?>();

    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        Writable(key) ? inner.PutAsync(key, value, expiresAt, cancellationToken) : Dead<long>();

    public ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        Writable(key) ? inner.DeleteAsync(key, expectedVersion, cancellationToken) : Dead<bool>();

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) =>
        Alive() ? inner.ListKeysAsync(prefix, cancellationToken) : throw Died();

    /// <summary>A commit is one write: the crash comes before it (nothing applied) when any of its targets matches.</summary>
    public ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default) =>
        transaction.Writes.All(write => Writable(write.Member is null ? write.Key : write.Key + "|" + write.Member))
            ? inner.CommitAsync(transaction, cancellationToken)
            : Dead<StateCommitResult>();

    public ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        Writable(key) ? inner.IncrementAsync(key, delta, limit, expiresAt, cancellationToken) : Dead<CounterResult>();

    public ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default) =>
        Alive() ? inner.GetCounterAsync(key, cancellationToken) : Dead<long>();

    public ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default) =>
        Writable(index + "|" + member) ? inner.IndexAddAsync(index, member, score, cancellationToken) : ValueTask.FromException(Died());

    public ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default) =>
        Writable(index + "|" + member) ? inner.IndexRemoveAsync(index, member, cancellationToken) : Dead<bool>();

    public ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default) =>
        Alive() ? inner.IndexRangeAsync(index, min, max, limit, cancellationToken) : Dead<IReadOnlyList<IndexEntry>>();

    public ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) =>
        Writable(log) ? inner.AppendAsync(log, record, cancellationToken) : Dead<long>();

    public IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, CancellationToken cancellationToken = default) =>
        Alive() ? inner.ReadLogAsync(log, fromPosition, cancellationToken) : throw Died();

    public ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Alive() ? inner.TryAcquireLeaseAsync(name, ttl, cancellationToken) : Dead<Lease?>();

    public ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Alive() ? inner.RenewLeaseAsync(lease, ttl, cancellationToken) : Dead<bool>();

    public ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default) =>
        Alive() ? inner.ReleaseLeaseAsync(lease, cancellationToken) : Dead<bool>();

    private bool Alive() => !Crashed;

    private bool Writable(string target)
    {
        if (CrashBeforeWrite is { } predicate && predicate(target))
        {
            Crash();
        }

        return Alive();
    }

    private static ValueTask<T> Dead<T>() => ValueTask.FromException<T>(Died());

    private static IOException Died() => new("simulated crash: this process is gone");
}
