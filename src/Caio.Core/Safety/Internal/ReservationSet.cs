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
    public readonly ValueTask CommitAllAsync(CancellationToken cancellationToken) =>
        _first is null ? ValueTask.CompletedTask : _more is null ? _first.CommitAsync(cancellationToken) : CommitEveryAsync(cancellationToken);

    private readonly async ValueTask CommitEveryAsync(CancellationToken cancellationToken)
    {
        await _first!.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (_more is not null)
        {
            foreach (var reservation in _more)
            {
                await reservation.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases reservations in reverse order; a failing release does not stop the others.</summary>
    public readonly ValueTask ReleaseAllAsync(CancellationToken cancellationToken = default)
    {
        if (_first is null)
        {
            return ValueTask.CompletedTask;
        }

        if (_more is null)
        {
            // The usual case, one joint reservation: no async frame when it is given back synchronously.
            ValueTask releasing;
            try
            {
                releasing = _first.ReleaseAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ValueTask.CompletedTask;
            }

            if (releasing.IsCompletedSuccessfully)
            {
                releasing.GetAwaiter().GetResult();
                return ValueTask.CompletedTask;
            }

            return AwaitReleaseAsync(releasing);
        }

        return ReleaseEveryAsync(cancellationToken);
    }

    private static async ValueTask AwaitReleaseAsync(ValueTask releasing)
    {
        try
        {
            await releasing.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // As in ReleaseOneAsync: the slot stays taken, the safe direction.
        }
    }

    private readonly async ValueTask ReleaseEveryAsync(CancellationToken cancellationToken)
    {
        if (_more is not null)
        {
            for (var i = _more.Count - 1; i >= 0; i--)
            {
                await ReleaseOneAsync(_more[i], cancellationToken).ConfigureAwait(false);
            }
        }

        await ReleaseOneAsync(_first!, cancellationToken).ConfigureAwait(false);
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
