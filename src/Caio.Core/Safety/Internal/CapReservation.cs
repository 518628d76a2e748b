using Caio.State;

namespace Caio.Safety.Internal;

/// <summary>
/// The ramp and cap slots of one send (taken with one group reservation, or the ramp's alone), and optionally its minimum-gap
/// slot. Release gives every counter slot back with one group release and withdraws the gap slot if it is
/// still ours (same version) and has not run out anyway. The key array is shared with later sends and
/// never written.
/// </summary>
internal sealed class CapReservation(IStateStore store, TimeProvider timeProvider, string[] counterKeys) : ISendReservation
{
    private const int Open = 0;
    private const int Committed = 1;
    private const int Released = 2;

    private string? _gapKey;
    private long _gapVersion;
    private DateTimeOffset _gapUntil;
    private int _state;

    public int Count => counterKeys.Length + (_gapKey is null ? 0 : 1);

    public void SetGap(string key, long version, DateTimeOffset until)
    {
        _gapKey = key;
        _gapVersion = version;
        _gapUntil = until;
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.CompareExchange(ref _state, Committed, Open);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, Released, Open) != Open)
        {
            return ValueTask.CompletedTask;
        }

        // No async frame while the store answers synchronously (in memory).
        if (_gapKey is not null && timeProvider.GetUtcNow() < _gapUntil)
        {
            var deleting = store.DeleteAsync(_gapKey, _gapVersion, cancellationToken);
            if (!deleting.IsCompletedSuccessfully)
            {
                return ReleaseAfterGapAsync(deleting, cancellationToken);
            }

            _ = deleting.Result;
        }

        return ReleaseCounters(cancellationToken);
    }

    private async ValueTask ReleaseAfterGapAsync(ValueTask<bool> deleting, CancellationToken cancellationToken)
    {
        await deleting.ConfigureAwait(false);
        await ReleaseCounters(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask ReleaseCounters(CancellationToken cancellationToken)
    {
        if (counterKeys.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        var releasing = store.ReleaseCountersAsync(counterKeys, cancellationToken);
        if (releasing.IsCompletedSuccessfully)
        {
            _ = releasing.Result;
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(releasing);

        static async ValueTask AwaitAsync(ValueTask<int> pending) => await pending.ConfigureAwait(false);
    }
}
