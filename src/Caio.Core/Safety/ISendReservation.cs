namespace Caio.Safety;

/// <summary>
/// Something a guard holds for a send that was allowed. The holder commits it once the provider
/// call was made (or may have been made), or releases it when the send is refused before the call.
/// Both operations are idempotent and only the first of them has an effect.
/// </summary>
public interface ISendReservation
{
    /// <summary>Keeps what was reserved: the send happened or may have happened.</summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>A task that completes when committed.</returns>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives back what was reserved: the send did not happen.</summary>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when released.</returns>
    ValueTask ReleaseAsync(CancellationToken cancellationToken = default);
}
