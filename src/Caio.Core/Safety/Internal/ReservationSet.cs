namespace Caio.Safety.Internal;

/// <summary>
/// The reservations one evaluation holds, in the order taken. The first is kept inline, so the common
/// case (one joint ramp-and-caps reservation) allocates no list.
/// </summary>
internal struct ReservationSet
{
    private ISendReservation? _first;
    private List<ISendReservation>? _more;

    public readonly int Count => (_first is null ? 0 : 1) + (_more?.Count ?? 0);

    public void Add(ISendReservation reservation)
    {
        if (_first is null)
        {
            _first = reservation;
        }
        else
        {
            (_more ??= new List<ISendReservation>(3)).Add(reservation);
        }
    }

    /// <summary>Commits every reservation in the order taken.</summary>
    public readonly async ValueTask CommitAllAsync(CancellationToken cancellationToken)
    {
        if (_first is null)
        {
            return;
        }

        await _first.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (_more is not null)
        {
            foreach (var reservation in _more)
            {
                await reservation.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases reservations in reverse order; a failing release does not stop the others.</summary>
    public readonly async ValueTask ReleaseAllAsync(CancellationToken cancellationToken = default)
    {
        if (_first is null)
        {
            return;
        }

        if (_more is not null)
        {
            for (var i = _more.Count - 1; i >= 0; i--)
            {
                await ReleaseOneAsync(_more[i], cancellationToken).ConfigureAwait(false);
            }
        }

        await ReleaseOneAsync(_first, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask ReleaseOneAsync(ISendReservation reservation, CancellationToken cancellationToken)
    {
        try
        {
            await reservation.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A slot that could not be given back stays taken, which is the safe direction;
            // the refusal that triggered the release stands either way.
        }
    }
}
