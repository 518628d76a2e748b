using Caio.State.Internal;

namespace Caio.State;

/// <summary>Counters: single bounded increments and the all-or-nothing groups.</summary>
public sealed partial class InMemoryStateStore
{
    private const int RecentSlots = 16;

    // Under the counters' lock only: the slots a group reservation found in its first pass, so the
    // second pass writes them without looking their keys up again.
    private CounterSlot?[] _groupSlots = new CounterSlot?[8];

    // Under the counters' lock only: the slots of the counter key strings used most recently, found by
    // reference. The chain passes the same key strings send after send, so a hit skips hashing the key.
    private readonly string?[] _recentKeys = new string?[RecentSlots];
    private readonly CounterSlot?[] _recentSlots = new CounterSlot?[RecentSlots];
    private int _recentNext;

    /// <inheritdoc />
    public ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateIncrement(delta, limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_countersGate)
        {
            var now = _timeProvider.GetUtcNow();
            var found = _counters.TryGetValue(key, out var slot);
            var live = found && StateRules.IsLive(slot!.ExpiresAt, now);
            var current = live ? slot!.Value : 0;
            if (!StateRules.TryIncrement(current, delta, limit, out var next))
            {
                return ValueTask.FromResult(new CounterResult(false, current));
            }

            if (!found)
            {
                _counters[key] = new CounterSlot(next, expiresAt);
            }
            else if (live)
            {
                slot!.Value = next;
            }
            else
            {
                slot!.Restart(next, expiresAt);
            }

            return ValueTask.FromResult(new CounterResult(true, next));
        }
    }

    /// <inheritdoc />
    public ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_countersGate)
        {
            if (!_counters.TryGetValue(key, out var slot))
            {
                return ValueTask.FromResult(0L);
            }

            if (!StateRules.IsLive(slot.ExpiresAt, _timeProvider.GetUtcNow()))
            {
                _counters.Remove(key);
                slot.Removed = true;
                return ValueTask.FromResult(0L);
            }

            return ValueTask.FromResult(slot.Value);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ReserveCountersAsync(ReadOnlyMemory<CounterReservation> counters, CancellationToken cancellationToken = default)
    {
        var group = counters.Span;
        lock (_countersGate)
        {
            ValidateGroup(group);
            cancellationToken.ThrowIfCancellationRequested();
            if (_groupSlots.Length < group.Length)
            {
                _groupSlots = new CounterSlot?[group.Length];
            }

            var slots = _groupSlots;
            var now = _timeProvider.GetUtcNow();
            var refused = -1;
            for (var i = 0; i < group.Length; i++)
            {
                var slot = FindSlot(group[i].Key);
                var current = slot is not null && StateRules.IsLive(slot.ExpiresAt, now) ? slot.Value : 0;
                if (current >= group[i].Limit)
                {
                    refused = i;
                    break;
                }

                slots[i] = slot;
            }

            if (refused < 0)
            {
                for (var i = 0; i < group.Length; i++)
                {
                    var slot = slots[i];
                    if (slot is null)
                    {
                        var created = new CounterSlot(1, group[i].ExpiresAt);
                        _counters[group[i].Key] = created;
                        Remember(group[i].Key, created, -1);
                    }
                    else if (StateRules.IsLive(slot.ExpiresAt, now))
                    {
                        slot.Value++;
                    }
                    else
                    {
                        slot.Restart(1, group[i].ExpiresAt);
                    }
                }
            }

            Array.Clear(slots, 0, group.Length);
            return ValueTask.FromResult(refused);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ReleaseCountersAsync(ReadOnlyMemory<string> keys, CancellationToken cancellationToken = default)
    {
        var group = keys.Span;
        var released = 0;
        lock (_countersGate)
        {
            ValidateGroup(group);
            cancellationToken.ThrowIfCancellationRequested();
            var now = _timeProvider.GetUtcNow();
            foreach (var key in group)
            {
                if (FindSlot(key) is { } slot && slot.Value > 0 && StateRules.IsLive(slot.ExpiresAt, now))
                {
                    slot.Value--;
                    released++;
                }
            }
        }

        return ValueTask.FromResult(released);
    }

    /// <summary>
    /// <see cref="CounterGroupRules.ValidateCounters"/>, under the counters' lock: a key string found by reference
    /// among the recently used ones passed the key rules when it was first used (strings do not change), so only
    /// the others are checked character by character; limits and distinctness are checked every time.
    /// </summary>
    private void ValidateGroup(ReadOnlySpan<CounterReservation> group)
    {
        for (var i = 0; i < group.Length; i++)
        {
            var key = group[i].Key;
            if (key is null || !IsRecentKey(key))
            {
                StateKeys.Validate(key!, "counters");
            }

            if (group[i].Limit < 0)
            {
                throw new ArgumentOutOfRangeException("counters", group[i].Limit, $"The limit of counter '{key}' is negative.");
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(group[j].Key, key, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Counter '{key}' appears twice in one reservation.", "counters");
                }
            }
        }
    }

    /// <summary><see cref="CounterGroupRules.ValidateKeys"/>, under the counters' lock, as <see cref="ValidateGroup(ReadOnlySpan{CounterReservation})"/>.</summary>
    private void ValidateGroup(ReadOnlySpan<string> keys)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is null || !IsRecentKey(keys[i]))
            {
                StateKeys.Validate(keys[i], "keys");
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(keys[j], keys[i], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Counter '{keys[i]}' appears twice in one release.", "keys");
                }
            }
        }
    }

    /// <summary>Whether this very key string is among the recently used ones; the caller holds the counters' lock.</summary>
    private bool IsRecentKey(string key)
    {
        foreach (var recent in _recentKeys)
        {
            if (ReferenceEquals(recent, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The slot of a counter key, or <see langword="null"/>; the caller holds the counters' lock.</summary>
    private CounterSlot? FindSlot(string key)
    {
        var keys = _recentKeys;
        for (var i = 0; i < keys.Length; i++)
        {
            if (ReferenceEquals(keys[i], key))
            {
                if (_recentSlots[i] is { Removed: false } recent)
                {
                    return recent;
                }

                return _counters.TryGetValue(key, out var current) ? Remember(key, current, i) : null;
            }
        }

        return _counters.TryGetValue(key, out var slot) ? Remember(key, slot, -1) : null;
    }

    /// <summary>Remembers a key's slot at <paramref name="index"/>, or in the next place round the ring when -1.</summary>
    private CounterSlot Remember(string key, CounterSlot slot, int index)
    {
        if (index < 0)
        {
            index = _recentNext;
            _recentNext = (index + 1) % RecentSlots;
        }

        _recentKeys[index] = key;
        _recentSlots[index] = slot;
        return slot;
    }

    /// <summary>A counter's value and window expiry; changed in place under the counters' lock.</summary>
    private sealed class CounterSlot(long value, DateTimeOffset? expiresAt)
    {
        public long Value { get; set; } = value;

        public DateTimeOffset? ExpiresAt { get; private set; } = expiresAt;

        /// <summary>Whether the slot was taken out of the store (its window ran out); a new slot replaces it.</summary>
        public bool Removed { get; set; }

        /// <summary>Starts a new window in a slot whose previous window has run out.</summary>
        public void Restart(long value, DateTimeOffset? expiresAt)
        {
            Value = value;
            ExpiresAt = expiresAt;
        }
    }
}
