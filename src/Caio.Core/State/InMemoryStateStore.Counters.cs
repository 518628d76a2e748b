using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Caio.State.Internal;

namespace Caio.State;

/// <summary>Counters: single bounded increments and the all-or-nothing groups.</summary>
public sealed partial class InMemoryStateStore
{
    /// <inheritdoc />
    public ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateIncrement(delta, limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_countersGate)
        {
            var now = _timeProvider.GetUtcNow();
            var live = _counters.TryGetValue(key, out var slot) && StateRules.IsLive(slot.ExpiresAt, now);
            var current = live ? slot.Value : 0;
            if (!StateRules.TryIncrement(current, delta, limit, out var next))
            {
                return ValueTask.FromResult(new CounterResult(false, current));
            }

            _counters[key] = new CounterSlot(next, live ? slot.ExpiresAt : expiresAt);
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
            var now = _timeProvider.GetUtcNow();
            for (var i = 0; i < group.Length; i++)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_counters, group[i].Key);
                var current = !Unsafe.IsNullRef(ref slot) && StateRules.IsLive(slot.ExpiresAt, now) ? slot.Value : 0;
                if (current >= group[i].Limit)
                {
                    return ValueTask.FromResult(i);
                }
            }

            for (var i = 0; i < group.Length; i++)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_counters, group[i].Key, out var exists);
                slot = exists && StateRules.IsLive(slot.ExpiresAt, now)
                    ? new CounterSlot(slot.Value + 1, slot.ExpiresAt)
                    : new CounterSlot(1, group[i].ExpiresAt);
            }

            return ValueTask.FromResult(-1);
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
                ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_counters, key);
                if (Unsafe.IsNullRef(ref slot) || slot.Value <= 0 || !StateRules.IsLive(slot.ExpiresAt, now))
                {
                    continue;
                }

                slot = new CounterSlot(slot.Value - 1, slot.ExpiresAt);
                released++;
            }
        }

        return ValueTask.FromResult(released);
    }

    private readonly record struct CounterSlot(long Value, DateTimeOffset? ExpiresAt);
}
