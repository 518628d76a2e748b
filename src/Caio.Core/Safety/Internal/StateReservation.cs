using Caio.State;

namespace Caio.Safety.Internal;

/// <summary>
/// Counter slots (and optionally a minimum-gap slot) taken in the state store for one send.
/// Release gives every counter slot back (delta −1) and withdraws the gap slot if it is still ours
/// (same version) and has not run out anyway.
/// </summary>
internal sealed class StateReservation(IStateStore store, TimeProvider timeProvider) : ISendReservation
{
    private const int Open = 0;
    private const int Committed = 1;
    private const int Released = 2;

    private readonly List<string> _counters = new(6);
    private string? _gapKey;
    private long _gapVersion;
    private DateTimeOffset _gapUntil;
    private int _state;

    public int Count => _counters.Count + (_gapKey is null ? 0 : 1);

    public void AddCounter(string key) => _counters.Add(key);

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

    public async ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, Released, Open) != Open)
        {
            return;
        }

        if (_gapKey is not null && timeProvider.GetUtcNow() < _gapUntil)
        {
            await store.DeleteAsync(_gapKey, _gapVersion, cancellationToken).ConfigureAwait(false);
        }

        for (var i = _counters.Count - 1; i >= 0; i--)
        {
            await store.IncrementAsync(_counters[i], -1, long.MaxValue, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
