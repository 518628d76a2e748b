using System.Text;
using StackExchange.Redis;

namespace Caio.State.Redis;

/// <summary>
/// Where each state namespace lives: <c>{prefix}:{environment}:{family}:{key}</c>, family being
/// <c>rec</c> (records), <c>ctr</c> (counters), <c>idx</c> (sorted indexes), <c>log</c> (append-only
/// logs), <c>lease</c> (leases) and <c>meta</c> (the store's own bookkeeping).
/// </summary>
internal sealed class RedisKeyLayout
{
    private readonly string _root;

    public RedisKeyLayout(string prefix, string environment)
    {
        _root = prefix + ":" + environment + ":";
        RecordKeys = _root + "meta:record-keys";
    }

    /// <summary>The sorted set (all scores 0) of every record key, so that prefix listing is an ordered range read.</summary>
    public RedisKey RecordKeys { get; }

    /// <summary>The prefix every key of this store starts with.</summary>
    public string Root => _root;

    public RedisKey Record(string key) => _root + "rec:" + key;

    public RedisKey Counter(string key) => _root + "ctr:" + key;

    public RedisKey Index(string name) => _root + "idx:" + name;

    public RedisKey Log(string name) => _root + "log:" + name;

    public RedisKey Lease(string name) => _root + "lease:" + name;

    /// <summary>The lexicographic range of record keys starting with <paramref name="prefix"/>.</summary>
    public static (RedisValue Min, RedisValue Max) PrefixRange(string prefix) =>
        prefix.Length == 0
            ? ((RedisValue)"-", (RedisValue)"+")
            : ((RedisValue)("[" + prefix), (RedisValue)Concat(Encoding.UTF8.GetBytes("[" + prefix), 0xFF));

    private static byte[] Concat(byte[] head, byte tail)
    {
        var result = new byte[head.Length + 1];
        head.CopyTo(result, 0);
        result[^1] = tail;
        return result;
    }
}
