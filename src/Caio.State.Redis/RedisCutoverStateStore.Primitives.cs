namespace Caio.State.Redis;

/// <summary>Counters, indexes, logs and leases during the cutover.</summary>
internal sealed partial class RedisCutoverStateStore
{
    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        if (dualRead)
        {
            await PromoteCounterAsync(key, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        var result = await redis.IncrementAsync(key, delta, limit, expiresAt, cancellationToken).ConfigureAwait(false);
        if (result.Applied && fallbackWrite && delta != 0)
        {
            await file.IncrementAsync(key, delta, long.MaxValue, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public async ValueTask<int> ReserveCountersAsync(ReadOnlyMemory<CounterReservation> counters, CancellationToken cancellationToken = default)
    {
        if (dualRead)
        {
            for (var i = 0; i < counters.Length; i++)
            {
                await PromoteCounterAsync(counters.Span[i].Key, counters.Span[i].ExpiresAt, cancellationToken).ConfigureAwait(false);
            }
        }

        var refused = await redis.ReserveCountersAsync(counters, cancellationToken).ConfigureAwait(false);
        if (refused < 0 && fallbackWrite)
        {
            for (var i = 0; i < counters.Length; i++)
            {
                await file.IncrementAsync(counters.Span[i].Key, 1, long.MaxValue, counters.Span[i].ExpiresAt, cancellationToken).ConfigureAwait(false);
            }
        }

        return refused;
    }

    public async ValueTask<int> ReleaseCountersAsync(ReadOnlyMemory<string> keys, CancellationToken cancellationToken = default)
    {
        var released = await redis.ReleaseCountersAsync(keys, cancellationToken).ConfigureAwait(false);
        if (fallbackWrite)
        {
            await file.ReleaseCountersAsync(keys, cancellationToken).ConfigureAwait(false);
        }

        return released;
    }

    public async ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await redis.GetCounterAsync(key, cancellationToken).ConfigureAwait(false);
        return value != 0 || !dualRead ? value : await file.GetCounterAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default)
    {
        await redis.IndexAddAsync(index, member, score, cancellationToken).ConfigureAwait(false);
        if (fallbackWrite)
        {
            await file.IndexAddAsync(index, member, score, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default)
    {
        var removed = await redis.IndexRemoveAsync(index, member, cancellationToken).ConfigureAwait(false);
        if (fallbackWrite)
        {
            await file.IndexRemoveAsync(index, member, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    public ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default) =>
        redis.IndexRangeAsync(index, min, max, limit, cancellationToken);

    public async ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        var position = await redis.AppendAsync(log, record, cancellationToken).ConfigureAwait(false);
        if (fallbackWrite)
        {
            await file.AppendAsync(log, record, cancellationToken).ConfigureAwait(false);
        }

        return position;
    }

    public async ValueTask<long> AppendManyAsync(string log, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        var position = await redis.AppendManyAsync(log, records, cancellationToken).ConfigureAwait(false);
        if (fallbackWrite)
        {
            await file.AppendManyAsync(log, records, cancellationToken).ConfigureAwait(false);
        }

        return position;
    }

    public IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, CancellationToken cancellationToken = default) =>
        redis.ReadLogAsync(log, fromPosition, cancellationToken);

    public ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        redis.TryAcquireLeaseAsync(name, ttl, cancellationToken);

    public ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        redis.RenewLeaseAsync(lease, ttl, cancellationToken);

    public ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default) =>
        redis.ReleaseLeaseAsync(lease, cancellationToken);

    /// <summary>
    /// Seeds a counter Redis does not have yet with the file backend's value, only while Redis's is 0
    /// (an increment bounded by the seed itself), so a cap window that started on files keeps its count.
    /// </summary>
    private async ValueTask PromoteCounterAsync(string key, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (await redis.GetCounterAsync(key, cancellationToken).ConfigureAwait(false) != 0)
        {
            return;
        }

        var old = await file.GetCounterAsync(key, cancellationToken).ConfigureAwait(false);
        if (old > 0)
        {
            await redis.IncrementAsync(key, old, old, expiresAt, cancellationToken).ConfigureAwait(false);
        }
    }
}
