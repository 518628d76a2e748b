using Caio.State;

namespace Caio.Safety.Internal;

/// <summary>
/// Counter slots (and optionally a minimum-gap slot) taken in the state store for one send.
/// Release gives every counter slot back (delta −1) and withdraws the gap slot if it is still ours.
/// </summary>
internal sealed class StateReservation(IStateStore store) : ISendReservation
{
    private const int Open = 0;
    private const int Committed = 1;
    private const int Released = 2;

    private readonly List<string> _counters = new(6);
    private string? _gapKey;
    private byte[]? _gapValue;
    private int _state;

    public int Count => _counters.Count + (_gapKey is null ? 0 : 1);

    public void AddCounter(string key) => _counters.Add(key);

    public void SetGap(string key, byte[] value)
    {
        _gapKey = key;
        _gapValue = value;
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

        if (_gapKey is not null)
        {
            var entry = await store.GetAsync(_gapKey, cancellationToken).ConfigureAwait(false);
            if (entry is not null && entry.Value.Span.SequenceEqual(_gapValue))
            {
                await store.DeleteAsync(_gapKey, entry.Version, cancellationToken).ConfigureAwait(false);
            }
        }

        for (var i = _counters.Count - 1; i >= 0; i--)
        {
            await store.IncrementAsync(_counters[i], -1, long.MaxValue, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
