namespace Caio.State.Redis;

/// <summary>
/// The server-side scripts: each primitive that reads and then writes runs as one script, so it is
/// atomic on the server. Expiry is decided by the caller's clock, passed in every script as
/// <c>now</c> (Unix milliseconds plus the remaining 100 ns ticks), never by the server's clock
/// (decision 0008); the server's own key expiry only collects what is already logically gone.
/// </summary>
internal static partial class RedisScripts
{
    // Expiry is stored as two numbers (em: Unix ms, et: remaining ticks) so it round-trips to the tick
    // and compares exactly in Lua's doubles.
    private const string Prelude = """
        local nowms = tonumber(ARGV[1])
        local nowt = tonumber(ARGV[2])
        local function expired(em, et)
          if not em or em == '' then return false end
          em = tonumber(em)
          if em < nowms then return true end
          return em == nowms and tonumber(et) <= nowt
        end
        local function live(k)
          local r = redis.call('HMGET', k, 'v', 'em', 'et')
          if not r[1] then return 0, false end
          if expired(r[2], r[3]) then return 0, true end
          return tonumber(r[1]), true
        end
        local function put(k, val, em, et, ttl, ver, present)
          if present then redis.call('DEL', k) end
          if em == '' then
            redis.call('HSET', k, 'v', ver, 'd', val)
          else
            redis.call('HSET', k, 'v', ver, 'd', val, 'em', em, 'et', et)
            redis.call('PEXPIRE', k, ttl)
          end
        end

        """;

    /// <summary>KEYS: record, record-keys. ARGV: now ms, now ticks, key, value, em, et, ttl. Returns 1 when inserted.</summary>
    public const string TryInsert = Prelude + """
        local cur, present = live(KEYS[1])
        if cur > 0 then return 0 end
        put(KEYS[1], ARGV[4], ARGV[5], ARGV[6], ARGV[7], 1, present)
        redis.call('ZADD', KEYS[2], 0, ARGV[3])
        return 1
        """;

    /// <summary>KEYS: record, record-keys. ARGV: now ms, now ticks, key, value, em, et, ttl, expected. Returns the new version, or 0.</summary>
    public const string CompareAndSet = Prelude + """
        local cur, present = live(KEYS[1])
        if cur ~= tonumber(ARGV[8]) then return 0 end
        put(KEYS[1], ARGV[4], ARGV[5], ARGV[6], ARGV[7], cur + 1, present)
        redis.call('ZADD', KEYS[2], 0, ARGV[3])
        return cur + 1
        """;

    /// <summary>KEYS: record, record-keys. ARGV: now ms, now ticks, key, value, em, et, ttl. Returns the new version.</summary>
    public const string Put = Prelude + """
        local cur, present = live(KEYS[1])
        put(KEYS[1], ARGV[4], ARGV[5], ARGV[6], ARGV[7], cur + 1, present)
        redis.call('ZADD', KEYS[2], 0, ARGV[3])
        return cur + 1
        """;

    /// <summary>KEYS: record, record-keys. ARGV: now ms, now ticks, key, expected version or ''. Returns 1 when deleted.</summary>
    public const string Delete = Prelude + """
        local cur = live(KEYS[1])
        if cur == 0 then return 0 end
        if ARGV[4] ~= '' and cur ~= tonumber(ARGV[4]) then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[3])
        return 1
        """;

    /// <summary>
    /// KEYS: record-keys. ARGV: now ms, now ticks, lex min, lex max, page size, record key prefix.
    /// Returns the last member scanned (or '' at the end) followed by the live keys of the page;
    /// members whose record is gone from the server are dropped from the set on the way.
    /// </summary>
    public const string ListPage = Prelude + """
        local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[3], ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
        local out = { '' }
        if #members == tonumber(ARGV[5]) then out[1] = members[#members] end
        for _, m in ipairs(members) do
          local k = ARGV[6] .. m
          if live(k) > 0 then
            out[#out + 1] = m
          elseif redis.call('EXISTS', k) == 0 then
            redis.call('ZREM', KEYS[1], m)
          end
        end
        return out
        """;

    /// <summary>KEYS: counter. ARGV: now ms, now ticks, delta, limit, em, et, ttl. Returns { applied, value }.</summary>
    public const string Increment = Prelude + """
        local r = redis.call('HMGET', KEYS[1], 'n', 'em', 'et')
        local alive = r[1] and not expired(r[2], r[3])
        local cur = alive and tonumber(r[1]) or 0
        local delta = tonumber(ARGV[3])
        local limit = tonumber(ARGV[4])
        if (delta > 0 and cur > limit - delta) or (delta < 0 and cur < -delta) then return { 0, cur } end
        local nxt = cur + delta
        if alive then
          redis.call('HSET', KEYS[1], 'n', nxt)
        else
          if r[1] then redis.call('DEL', KEYS[1]) end
          if ARGV[5] == '' then
            redis.call('HSET', KEYS[1], 'n', nxt)
          else
            redis.call('HSET', KEYS[1], 'n', nxt, 'em', ARGV[5], 'et', ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[7])
          end
        end
        return { 1, nxt }
        """;

    /// <summary>
    /// KEYS: lease. ARGV: now ms, now ticks, owner token, em, et. Returns the new fencing token, or 0
    /// while another holder's lease is live. The fencing token is issued here, so it grows with every
    /// grant of the name, across processes.
    /// </summary>
    public const string AcquireLease = Prelude + """
        local r = redis.call('HMGET', KEYS[1], 't', 'em', 'et')
        if r[1] and r[1] ~= '' and not expired(r[2], r[3]) then return 0 end
        local f = redis.call('HINCRBY', KEYS[1], 'f', 1)
        redis.call('HSET', KEYS[1], 't', ARGV[3], 'em', ARGV[4], 'et', ARGV[5])
        return f
        """;

    /// <summary>KEYS: lease. ARGV: now ms, now ticks, owner token, fencing token, new em, new et. Returns 1 when renewed.</summary>
    public const string RenewLease = Prelude + """
        local r = redis.call('HMGET', KEYS[1], 't', 'f', 'em', 'et')
        if r[1] ~= ARGV[3] or tonumber(r[2]) ~= tonumber(ARGV[4]) or expired(r[3], r[4]) then return 0 end
        redis.call('HSET', KEYS[1], 'em', ARGV[5], 'et', ARGV[6])
        return 1
        """;

    /// <summary>KEYS: lease. ARGV: now ms, now ticks, owner token, fencing token. Returns 1 when released; the fencing token stays.</summary>
    public const string ReleaseLease = Prelude + """
        local r = redis.call('HMGET', KEYS[1], 't', 'f', 'em', 'et')
        if r[1] ~= ARGV[3] or tonumber(r[2]) ~= tonumber(ARGV[4]) or expired(r[3], r[4]) then return 0 end
        redis.call('HSET', KEYS[1], 't', '')
        return 1
        """;

    /// <summary>
    /// KEYS: record-keys, then every record and index the transaction names. ARGV: now ms, now ticks,
    /// condition count, per condition (key index, expected version or '' for "exists"), write count, per
    /// write (kind p|d|a|r, key index, member or record key, value, em, et, ttl, score).
    /// Returns { 1, version of each put in order } or { 0, failed condition number, current version }.
    /// </summary>
    public const string Commit = Prelude + """
        local i = 3
        local nc = tonumber(ARGV[i]); i = i + 1
        for c = 1, nc do
          local cur = live(KEYS[tonumber(ARGV[i])])
          local expected = ARGV[i + 1]
          i = i + 2
          if expected == '' then
            if cur == 0 then return { 0, c, 0 } end
          elseif cur ~= tonumber(expected) then
            return { 0, c, cur }
          end
        end
        local nw = tonumber(ARGV[i]); i = i + 1
        local out = { 1 }
        for w = 1, nw do
          local kind = ARGV[i]
          local k = KEYS[tonumber(ARGV[i + 1])]
          local m = ARGV[i + 2]
          if kind == 'p' then
            local cur, present = live(k)
            local v = cur + 1
            put(k, ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], v, present)
            redis.call('ZADD', KEYS[1], 0, m)
            out[#out + 1] = v
          elseif kind == 'd' then
            redis.call('DEL', k)
            redis.call('ZREM', KEYS[1], m)
          elseif kind == 'a' then
            redis.call('ZADD', k, ARGV[i + 7], m)
          else
            redis.call('ZREM', k, m)
          end
          i = i + 8
        end
        return out
        """;
}
