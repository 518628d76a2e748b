using Caio.State.Internal;
using StackExchange.Redis;

namespace Caio.State.Redis;

/// <summary>The group counter primitives, each one server-side script.</summary>
public sealed partial class RedisStateStore
{
    /// <inheritdoc />
    public async ValueTask<int> ReserveCountersAsync(ReadOnlyMemory<CounterReservation> counters, CancellationToken cancellationToken = default)
    {
        CounterGroupRules.ValidateCounters(counters.Span, nameof(counters));
        if (counters.IsEmpty)
        {
            return -1;
        }

        var now = _timeProvider.GetUtcNow();
        var (ms, ticks) = Split(now);
        var keys = new RedisKey[counters.Length];
        var args = new RedisValue[2 + (4 * counters.Length)];
        args[0] = ms;
        args[1] = ticks;
        for (var i = 0; i < counters.Length; i++)
        {
            var counter = counters.Span[i];
            keys[i] = _keys.Counter(counter.Key);
            var (em, et, ttl) = Expiry(counter.ExpiresAt, now);
            args[2 + (4 * i)] = counter.Limit;
            args[3 + (4 * i)] = em;
            args[4 + (4 * i)] = et;
            args[5 + (4 * i)] = ttl;
        }

        var result = await Eval("reserve counters", RedisScripts.ReserveCounters, keys, args, cancellationToken).ConfigureAwait(false);
        return (int)(long)result;
    }

    /// <inheritdoc />
    public async ValueTask<int> ReleaseCountersAsync(ReadOnlyMemory<string> keys, CancellationToken cancellationToken = default)
    {
        CounterGroupRules.ValidateKeys(keys.Span, nameof(keys));
        if (keys.IsEmpty)
        {
            return 0;
        }

        var (ms, ticks) = Now();
        var redisKeys = new RedisKey[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            redisKeys[i] = _keys.Counter(keys.Span[i]);
        }

        var result = await Eval("release counters", RedisScripts.ReleaseCounters, redisKeys, [ms, ticks], cancellationToken).ConfigureAwait(false);
        return (int)(long)result;
    }
}
