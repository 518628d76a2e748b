using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Caio.State;

/// <summary>
/// Writes protected by a lease that refuse a stale holder: a holder that was paused (GC, SIGSTOP, a
/// slow disk) past its lease's expiry, while another process took the lease over, cannot write once the
/// newer holder has, because each fenced commit also records the lease's fencing token and requires
/// that no larger one was recorded before. Works on every backend through <see cref="IStateStore.CommitAsync"/>.
/// </summary>
public static class LeaseFencing
{
    /// <summary>The record a lease's highest written fencing token is kept in: <c>fence:&lt;lease name&gt;</c>.</summary>
    /// <param name="leaseName">The lease name.</param>
    /// <returns>The record key.</returns>
    public static string FenceKey(string leaseName) => "fence:" + leaseName;

    /// <summary>
    /// Commits the transaction <paramref name="build"/> returns only when no write fenced by a later grant
    /// of <paramref name="lease"/> happened: the fence record's token must not exceed the lease's.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="lease">The lease the write is protected by.</param>
    /// <param name="build">Builds the transaction (called again when the fence record moved meanwhile); it must not touch the fence record.</param>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>
    /// The commit result, or <see langword="null"/> when the write is refused because a later holder of the
    /// lease has written (this holder is stale).
    /// </returns>
    public static async ValueTask<StateCommitResult?> CommitFencedAsync(this IStateStore store, Lease lease, Func<StateTransaction> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(build);
        var key = FenceKey(lease.Name);
        var fence = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"fencingToken":{{lease.FencingToken}}}"""));
        while (true)
        {
            var current = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (current is not null && ReadToken(current.Value) > lease.FencingToken)
            {
                return null;
            }

            var transaction = build().RequireVersion(key, current?.Version ?? 0).Put(key, fence);
            var result = await store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (result.Committed || result.FailedCondition?.Key != key)
            {
                return result;
            }

            // The fence record moved between the read and the commit: look at who moved it.
        }
    }

    private static long ReadToken(ReadOnlyMemory<byte> value)
    {
        using var document = JsonDocument.Parse(value);
        return document.RootElement.TryGetProperty("fencingToken", out var token) && token.TryGetInt64(out var number) ? number : long.MaxValue;
    }
}
