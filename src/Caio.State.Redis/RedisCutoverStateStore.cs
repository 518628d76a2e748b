namespace Caio.State.Redis;

/// <summary>
/// The cutover path from the file backend to Redis: Redis is the primary for every primitive.
/// With dual read (<c>STATE_DUAL_READ_ENABLED</c>) a record or counter missing in Redis is read from the
/// file backend and promoted into Redis only if Redis still has none, so a file record never overrides a
/// newer Redis one. With fallback write (<c>STATE_FILE_FALLBACK_WRITE</c>) every successful write to Redis
/// is also applied to the file backend, so a rollback to files finds current state.
/// </summary>
/// <remarks>
/// Leases live in Redis only (a lease is about the processes sharing Redis). Indexes and logs are read
/// from Redis only: the migrate command copies them. A deletion is not visible to dual read, so run dual
/// read together with fallback write (or after migrating) so a record deleted in Redis is not promoted
/// back from an older file.
/// </remarks>
internal sealed partial class RedisCutoverStateStore(IStateStore redis, IStateStore file, bool dualRead, bool fallbackWrite) : IStateStore
{
    public async ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var entry = await redis.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is not null || !dualRead)
        {
            return entry;
        }

        var old = await file.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (old is null)
        {
            return null;
        }

        // Promote only into an absent key: if another process wrote Redis meanwhile, its record wins.
        await redis.TryInsertAsync(key, old.Value, old.ExpiresAt, cancellationToken).ConfigureAwait(false);
        return await redis.GetAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        if (dualRead && await GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var inserted = await redis.TryInsertAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
        if (inserted && fallbackWrite)
        {
            await file.PutAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        return inserted;
    }

    public async ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        if (dualRead && expectedVersion == 0 && await GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        var version = await redis.CompareAndSetAsync(key, value, expectedVersion, expiresAt, cancellationToken).ConfigureAwait(false);
        if (version is not null && fallbackWrite)
        {
            await file.PutAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        return version;
    }

    public async ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        var version = await redis.PutAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
        if (fallbackWrite)
        {
            await file.PutAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        return version;
    }

    public async ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (dualRead)
        {
            await GetAsync(key, cancellationToken).ConfigureAwait(false);
        }

        var deleted = await redis.DeleteAsync(key, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (deleted && fallbackWrite)
        {
            await file.DeleteAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) =>
        redis.ListKeysAsync(prefix, cancellationToken);

    public async ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (dualRead)
        {
            // Conditions are decided on Redis: promote what the file backend still holds first.
            foreach (var condition in transaction.Conditions)
            {
                await GetAsync(condition.Key, cancellationToken).ConfigureAwait(false);
            }
        }

        var result = await redis.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (result.Committed && fallbackWrite)
        {
            var mirror = new StateTransaction();
            foreach (var write in transaction.Writes)
            {
                _ = write.Kind switch
                {
                    StateWriteKind.Put => mirror.Put(write.Key, write.Value, write.ExpiresAt),
                    StateWriteKind.Delete => mirror.Delete(write.Key),
                    StateWriteKind.IndexAdd => mirror.IndexAdd(write.Key, write.Member!, write.Score),
                    _ => mirror.IndexRemove(write.Key, write.Member!),
                };
            }

            await file.CommitAsync(mirror, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
