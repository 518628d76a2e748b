using Caio.State.Internal;

namespace Caio.State;

/// <summary>Counters: single bounded increments and the all-or-nothing groups.</summary>
public sealed partial class InMemoryStateStore
{
    // Under the counters' lock only: the slots a group reservation found in its first pass, so the
    // second pass writes them without looking their keys up again.
    private CounterSlot?[] _groupSlots = new CounterSlot?[8];

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
                return ValueTask.FromResult(0L);
            }

            return ValueTask.FromResult(slot.Value);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ReserveCountersAsync(ReadOnlyMemory<CounterReservation> counters, CancellationToken cancellationToken = default)
    {
        var group = counters.Span;
        CounterGroupRules.ValidateCounters(group, nameof(counters));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_countersGate)
        {
            if (_groupSlots.Length < group.Length)
            {
                _groupSlots = new CounterSlot?[group.Length];
            }

            var slots = _groupSlots;
            var now = _timeProvider.GetUtcNow();
            var refused = -1;
            for (var i = 0; i < group.Length; i++)
            {
                _counters.TryGetValue(group[i].Key, out var slot);
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
                        _counters[group[i].Key] = new CounterSlot(1, group[i].ExpiresAt);
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
        CounterGroupRules.ValidateKeys(group, nameof(keys));
        cancellationToken.ThrowIfCancellationRequested();
        var released = 0;
        lock (_countersGate)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var key in group)
            {
                if (_counters.TryGetValue(key, out var slot) && slot.Value > 0 && StateRules.IsLive(slot.ExpiresAt, now))
                {
                    slot.Value--;
                    released++;
                }
            }
        }

        return ValueTask.FromResult(released);
    }

    /// <summary>A counter's value and window expiry; changed in place under the counters' lock.</summary>
    private sealed class CounterSlot(long value, DateTimeOffset? expiresAt)
    {
        public long Value { get; set; } = value;

        public DateTimeOffset? ExpiresAt { get; private set; } = expiresAt;

        /// <summary>Starts a new window in a slot whose previous window has run out.</summary>
        public void Restart(long value, DateTimeOffset? expiresAt)
        {
            Value = value;
            ExpiresAt = expiresAt;
        }
    }
}
