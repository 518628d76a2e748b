namespace Caio.State.Redis;

/// <summary>The group counter scripts: a whole group is checked and written by one script, so atomically.</summary>
internal static partial class RedisScripts
{
    /// <summary>
    /// KEYS: the counters. ARGV: now ms, now ticks, then per counter limit, em, et, ttl. Returns -1 when
    /// every counter was incremented by one, else the 0-based index of the first full one (nothing written).
    /// </summary>
    public const string ReserveCounters = Prelude + """
        local n = #KEYS
        local cur = {}
        local alive = {}
        for i = 1, n do
          local r = redis.call('HMGET', KEYS[i], 'n', 'em', 'et')
          local a = r[1] and not expired(r[2], r[3])
          alive[i] = a
          cur[i] = a and tonumber(r[1]) or 0
          if cur[i] >= tonumber(ARGV[4 * i - 1]) then return i - 1 end
        end
        for i = 1, n do
          if alive[i] then
            redis.call('HSET', KEYS[i], 'n', cur[i] + 1)
          else
            redis.call('DEL', KEYS[i])
            local em = ARGV[4 * i]
            if em == '' then
              redis.call('HSET', KEYS[i], 'n', 1)
            else
              redis.call('HSET', KEYS[i], 'n', 1, 'em', em, 'et', ARGV[4 * i + 1])
              redis.call('PEXPIRE', KEYS[i], ARGV[4 * i + 2])
            end
          end
        end
        return -1
        """;

    /// <summary>
    /// KEYS: the counters. ARGV: now ms, now ticks. Decrements by one every live counter above zero;
    /// returns how many.
    /// </summary>
    public const string ReleaseCounters = Prelude + """
        local released = 0
        for i = 1, #KEYS do
          local r = redis.call('HMGET', KEYS[i], 'n', 'em', 'et')
          if r[1] and not expired(r[2], r[3]) and tonumber(r[1]) > 0 then
            redis.call('HSET', KEYS[i], 'n', tonumber(r[1]) - 1)
            released = released + 1
          end
        end
        return released
        """;
}
