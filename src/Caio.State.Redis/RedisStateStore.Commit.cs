using StackExchange.Redis;

namespace Caio.State.Redis;

/// <summary>The multi-key commit: the whole transaction is one script, so it is atomic on the server.</summary>
public sealed partial class RedisStateStore
{
    /// <inheritdoc />
    public async ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        cancellationToken.ThrowIfCancellationRequested();
        if (transaction.Conditions.Count == 0 && transaction.Writes.Count == 0)
        {
            return StateCommitResult.Success(new Dictionary<string, long>(StringComparer.Ordinal));
        }

        var now = _timeProvider.GetUtcNow();
        var (ms, ticks) = Split(now);
        List<RedisKey> keys = [_keys.RecordKeys];
        var slots = new Dictionary<RedisKey, int>();
        int Slot(RedisKey key)
        {
            if (!slots.TryGetValue(key, out var slot))
            {
                keys.Add(key);
                slot = keys.Count;
                slots[key] = slot;
            }

            return slot;
        }

        List<RedisValue> args = [ms, ticks, transaction.Conditions.Count];
        foreach (var condition in transaction.Conditions)
        {
            args.Add(Slot(_keys.Record(condition.Key)));
            args.Add(condition.ExpectedVersion is { } expected ? expected : NoValue);
        }

        args.Add(transaction.Writes.Count);
        List<string> puts = [];
        foreach (var write in transaction.Writes)
        {
            switch (write.Kind)
            {
                case StateWriteKind.Put:
                    var (em, et, ttl) = Expiry(write.ExpiresAt, now);
                    args.AddRange(["p", Slot(_keys.Record(write.Key)), write.Key, write.Value, em, et, ttl, NoValue]);
                    puts.Add(write.Key);
                    break;
                case StateWriteKind.Delete:
                    args.AddRange(["d", Slot(_keys.Record(write.Key)), write.Key, NoValue, NoValue, NoValue, NoValue, NoValue]);
                    break;
                case StateWriteKind.IndexAdd:
                    args.AddRange(["a", Slot(_keys.Index(write.Key)), write.Member, NoValue, NoValue, NoValue, NoValue, FormatScore(write.Score)]);
                    break;
                default:
                    args.AddRange(["r", Slot(_keys.Index(write.Key)), write.Member, NoValue, NoValue, NoValue, NoValue, NoValue]);
                    break;
            }
        }

        var result = (RedisResult[])(await Eval("commit " + Describe(transaction), RedisScripts.Commit, [.. keys], [.. args], cancellationToken).ConfigureAwait(false))!;
        if ((long)result[0] == 0)
        {
            return StateCommitResult.Conflict(transaction.Conditions[(int)(long)result[1] - 1], (long)result[2]);
        }

        var versions = new Dictionary<string, long>(puts.Count, StringComparer.Ordinal);
        for (var i = 0; i < puts.Count; i++)
        {
            versions[puts[i]] = (long)result[i + 1];
        }

        return StateCommitResult.Success(versions);
    }

    /// <summary>Names a transaction for messages by its first record key.</summary>
    private static string Describe(StateTransaction transaction) =>
        transaction.Writes.Count > 0 ? transaction.Writes[0].Key + (transaction.Writes.Count > 1 ? $" (+{transaction.Writes.Count - 1} writes)" : string.Empty)
        : transaction.Conditions[0].Key;
}
