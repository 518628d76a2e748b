using Caio.State.Internal;

namespace Caio.State;

/// <summary>
/// The group counter primitives: every counter of a group is checked and written while this store holds
/// the locks of all their families (taken in ordinal order, like a commit's), so two processes never both
/// pass a shared limit and no other writer sees half a group.
/// </summary>
/// <remarks>
/// The counters stay one document each. A process killed part-way through a group's writes leaves the
/// counters it already wrote incremented (for a reservation) or not yet decremented (for a release): the
/// stored counts are then too high, never too low, so a limit is never overshot.
/// </remarks>
public sealed partial class FileStateStore
{
    /// <inheritdoc />
    public async ValueTask<int> ReserveCountersAsync(ReadOnlyMemory<CounterReservation> counters, CancellationToken cancellationToken = default)
    {
        CounterGroupRules.ValidateCounters(counters.Span, nameof(counters));
        var count = counters.Length;
        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = counters.Span[i].Key;
        }

        using var held = await LockCounterFamiliesAsync(keys, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var paths = new string[count];
        var current = new CounterDocument?[count];
        for (var i = 0; i < count; i++)
        {
            paths[i] = DocumentPath(CountersFolder, keys[i]);
            var document = ReadDocument(paths[i], FileStateJsonContext.Default.CounterDocument);
            current[i] = document is not null && StateRules.IsLive(document.ExpiresAt, now) ? document : null;
            if ((current[i]?.Value ?? 0) >= counters.Span[i].Limit)
            {
                return i;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var updated = current[i] is { } live
                ? new CounterDocument(keys[i], live.Value + 1, live.ExpiresAt)
                : new CounterDocument(keys[i], 1, counters.Span[i].ExpiresAt);
            WriteDocument(paths[i], updated, FileStateJsonContext.Default.CounterDocument);
        }

        return -1;
    }

    /// <inheritdoc />
    public async ValueTask<int> ReleaseCountersAsync(ReadOnlyMemory<string> keys, CancellationToken cancellationToken = default)
    {
        CounterGroupRules.ValidateKeys(keys.Span, nameof(keys));
        var names = keys.ToArray();
        using var held = await LockCounterFamiliesAsync(names, cancellationToken);
        var now = _timeProvider.GetUtcNow();
        var released = 0;
        foreach (var key in names)
        {
            var path = DocumentPath(CountersFolder, key);
            var document = ReadDocument(path, FileStateJsonContext.Default.CounterDocument);
            if (document is null || document.Value <= 0 || !StateRules.IsLive(document.ExpiresAt, now))
            {
                continue;
            }

            WriteDocument(path, document with { Value = document.Value - 1 }, FileStateJsonContext.Default.CounterDocument);
            released++;
        }

        return released;
    }

    /// <summary>Takes the counter-family locks of <paramref name="keys"/>, distinct and in ordinal order.</summary>
    private async ValueTask<HeldLocks> LockCounterFamiliesAsync(string[] keys, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            names.Add(LockName(CountersFolder, key));
        }

        var held = new HeldLocks();
        try
        {
            foreach (var name in names)
            {
                held.Add(await AcquireSweptAsync(name, cancellationToken));
            }
        }
        catch
        {
            held.Dispose();
            throw;
        }

        return held;
    }
}
