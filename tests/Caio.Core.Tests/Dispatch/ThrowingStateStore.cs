using Caio.Core.Tests.State;
using Caio.State;

namespace Caio.Core.Tests.Dispatch;

/// <summary>Delegates to a real store; writes whose key matches a predicate throw an <see cref="IOException"/> ("disk full").</summary>
internal sealed class ThrowingStateStore(IStateStore inner) : DelegatingStateStore(inner)
{
    public Func<string, bool>? FailPut { get; set; }

    public Func<string, bool>? FailInsert { get; set; }

    public override ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        FailInsert?.Invoke(key) == true ? throw new IOException("disk full") : Inner.TryInsertAsync(key, value, expiresAt, cancellationToken);

    public override ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
        FailPut?.Invoke(key) == true ? throw new IOException("disk full") : Inner.PutAsync(key, value, expiresAt, cancellationToken);

    /// <summary>A commit fails as a whole (nothing applied) when one of its puts matches either predicate.</summary>
    public override ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default) =>
        transaction.Writes.Any(write => write.Kind == StateWriteKind.Put && (FailInsert?.Invoke(write.Key) == true || FailPut?.Invoke(write.Key) == true))
            ? throw new IOException("disk full")
            : Inner.CommitAsync(transaction, cancellationToken);
}
