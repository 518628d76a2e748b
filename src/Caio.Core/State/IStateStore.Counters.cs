using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.State.Internal;

namespace Caio.State;

public partial interface IStateStore
{
    /// <summary>
    /// The group cap primitive: increments every counter in <paramref name="counters"/> by one, each
    /// bounded by its limit and expiring with its window, all or nothing. When one of them is at its
    /// limit, nothing changes and the first such counter (in the given order) is reported.
    /// </summary>
    /// <param name="counters">The counters, with distinct keys.</param>
    /// <param name="cancellationToken">Cancels the reservation before anything is written.</param>
    /// <returns>-1 when every counter took its slot; otherwise the index of the first counter that was full.</returns>
    /// <remarks>
    /// Each counter follows <see cref="IncrementAsync"/> with a delta of 1: an absent or expired counter
    /// counts as 0 and takes its <see cref="CounterReservation.ExpiresAt"/> when created; an existing
    /// window's expiry never moves. The built-in backends check and apply the whole group atomically
    /// (one lock in memory, the families' locks on the file backend, one script on Redis), so two
    /// concurrent groups never both pass a shared limit and a reader never sees half a group. The
    /// default, for stores that only wrap another one, first reads every counter and refuses with the
    /// first full one, then increments one by one and gives back what it took when a later counter
    /// filled meanwhile or the store fails: never above a limit, but a concurrent reader may see part
    /// of the group.
    /// </remarks>
    /// <exception cref="ArgumentException">A key is invalid or appears twice, or a limit is negative.</exception>
    [Experimental(Experiments.StateGroupPrimitives)]
    async ValueTask<int> ReserveCountersAsync(ReadOnlyMemory<CounterReservation> counters, CancellationToken cancellationToken = default)
    {
        CounterGroupRules.ValidateCounters(counters.Span, nameof(counters));

        // Look before taking: a group that would be refused as things stand takes nothing, not even
        // for a moment, that a concurrent group could have used.
        for (var i = 0; i < counters.Length; i++)
        {
            if (await GetCounterAsync(counters.Span[i].Key, cancellationToken).ConfigureAwait(false) >= counters.Span[i].Limit)
            {
                return i;
            }
        }

        for (var i = 0; i < counters.Length; i++)
        {
            var counter = counters.Span[i];
            CounterResult result;
            try
            {
                result = await IncrementAsync(counter.Key, 1, counter.Limit, counter.ExpiresAt, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await GiveBackAsync(counters[..i]).ConfigureAwait(false);
                throw;
            }

            if (!result.Applied)
            {
                await GiveBackAsync(counters[..i]).ConfigureAwait(false);
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The matching release: decrements by one, all or nothing, every counter in <paramref name="keys"/>
    /// that is above zero (a counter whose window has expired meanwhile stays absent).
    /// </summary>
    /// <param name="keys">The counter keys, distinct.</param>
    /// <param name="cancellationToken">Cancels the release before anything is written.</param>
    /// <returns>How many counters were decremented.</returns>
    /// <remarks>
    /// The built-in backends apply the group atomically, like <see cref="ReserveCountersAsync"/>; the
    /// default decrements one by one with <see cref="IncrementAsync"/> and a delta of -1.
    /// </remarks>
    /// <exception cref="ArgumentException">A key is invalid or appears twice.</exception>
    [Experimental(Experiments.StateGroupPrimitives)]
    async ValueTask<int> ReleaseCountersAsync(ReadOnlyMemory<string> keys, CancellationToken cancellationToken = default)
    {
        CounterGroupRules.ValidateKeys(keys.Span, nameof(keys));
        var released = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if ((await IncrementAsync(keys.Span[i], -1, long.MaxValue, null, cancellationToken).ConfigureAwait(false)).Applied)
            {
                released++;
            }
        }

        return released;
    }

    private async ValueTask GiveBackAsync(ReadOnlyMemory<CounterReservation> taken)
    {
        for (var i = taken.Length - 1; i >= 0; i--)
        {
            try
            {
                await IncrementAsync(taken.Span[i].Key, -1, long.MaxValue, null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A slot that could not be given back stays taken: the safe direction.
            }
        }
    }
}
