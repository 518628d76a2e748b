using System.Runtime.CompilerServices;
using Caio.State.Internal;
using StackExchange.Redis;

namespace Caio.State.Redis;

/// <summary>Counters, sorted indexes, logs and leases.</summary>
public sealed partial class RedisStateStore
{
    /// <inheritdoc />
    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateIncrement(delta, limit);
        var now = _timeProvider.GetUtcNow();
        var (ms, ticks) = Split(now);
        var (em, et, ttl) = Expiry(expiresAt, now);
        var result = (RedisResult[])(await Eval("increment " + key, RedisScripts.Increment, [_keys.Counter(key)], [ms, ticks, delta, limit, em, et, ttl], cancellationToken).ConfigureAwait(false))!;
        return new CounterResult((long)result[0] == 1, (long)result[1]);
    }

    /// <inheritdoc />
    public async ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        var fields = await Run("read counter " + key, () => Db.HashGetAsync(_keys.Counter(key), [(RedisValue)"n", (RedisValue)"em", (RedisValue)"et"]), cancellationToken).ConfigureAwait(false);
        return fields[0].IsNull || !StateRules.IsLive(ReadExpiry(fields[1], fields[2]), _timeProvider.GetUtcNow()) ? 0 : (long)fields[0];
    }

    /// <inheritdoc />
    public async ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        StateRules.ValidateScore(score, nameof(score));
        await Run("index add " + index, () => Db.SortedSetAddAsync(_keys.Index(index), member, score), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        return await Run("index remove " + index, () => Db.SortedSetRemoveAsync(_keys.Index(index), member), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        StateRules.ValidateRange(min, max, limit);
        if (limit == 0 || min > max)
        {
            return [];
        }

        var entries = await Run("index range " + index, () => Db.SortedSetRangeByScoreWithScoresAsync(_keys.Index(index), min, max, Exclude.None, Order.Ascending, 0, limit ?? -1), cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => new IndexEntry((string)e.Element!, e.Score))];
    }

    /// <inheritdoc />
    public async ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        StateRules.ValidateLogRecord(record, nameof(record));
        var length = await Run("append " + log, () => Db.ListRightPushAsync(_keys.Log(log), record), cancellationToken).ConfigureAwait(false);
        return length - 1;
    }

    /// <inheritdoc />
    /// <remarks>One <c>RPUSH</c> of every record: the group lands together, and no other append lands between its records.</remarks>
    public async ValueTask<long> AppendManyAsync(string log, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        ArgumentNullException.ThrowIfNull(records);
        var values = new RedisValue[records.Count];
        for (var i = 0; i < values.Length; i++)
        {
            StateRules.ValidateLogRecord(records[i], nameof(records));
            values[i] = records[i];
        }

        if (values.Length == 0)
        {
            return await Run("log length " + log, () => Db.ListLengthAsync(_keys.Log(log)), cancellationToken).ConfigureAwait(false);
        }

        var length = await Run("append " + log, () => Db.ListRightPushAsync(_keys.Log(log), values), cancellationToken).ConfigureAwait(false);
        return length - values.Length;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(log, nameof(log));
        ArgumentOutOfRangeException.ThrowIfNegative(fromPosition);
        var position = fromPosition;
        while (true)
        {
            var start = position;
            var page = await Run("read log " + log, () => Db.ListRangeAsync(_keys.Log(log), start, start + PageSize - 1), cancellationToken).ConfigureAwait(false);
            foreach (var value in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new LogRecord(position++, (byte[])value!);
            }

            if (page.Length < PageSize)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(name, nameof(name));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        var now = _timeProvider.GetUtcNow();
        var (ms, ticks) = Split(now);
        var expiresAt = now + ttl;
        var (em, et) = Split(expiresAt);
        var token = StateRules.NewLeaseToken();
        var fencing = (long)await Eval("acquire lease " + name, RedisScripts.AcquireLease, [_keys.Lease(name)], [ms, ticks, token, em, et], cancellationToken).ConfigureAwait(false);
        return fencing == 0 ? null : new Lease(name, token, fencing, expiresAt);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        var now = _timeProvider.GetUtcNow();
        var (ms, ticks) = Split(now);
        var (em, et) = Split(now + ttl);
        var result = await Eval("renew lease " + lease.Name, RedisScripts.RenewLease, [_keys.Lease(lease.Name)], [ms, ticks, lease.Token, lease.FencingToken, em, et], cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        var (ms, ticks) = Now();
        var result = await Eval("release lease " + lease.Name, RedisScripts.ReleaseLease, [_keys.Lease(lease.Name)], [ms, ticks, lease.Token, lease.FencingToken], cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    private Task<RedisResult> Eval(string operation, string script, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken) =>
        Run(operation, () => Db.ScriptEvaluateAsync(script, keys, args), cancellationToken);

    /// <summary>
    /// Runs one Redis call: a cancelled token stops it before it is sent; every client failure becomes a
    /// <see cref="StateUnavailableException"/> naming the operation and the endpoint. No retry here: the
    /// client reconnects by itself, and a write that failed may or may not have applied.
    /// </summary>
    private async Task<T> Run<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new StateUnavailableException(operation, _endpoint, ex);
        }
    }
}
