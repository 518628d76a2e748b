namespace Caio.Safety.Internal;

/// <summary>The reserving layer (ramp or caps) that refused or failed, if any.</summary>
internal enum ReservingLayer
{
    None,
    Ramp,
    Caps,
}

/// <summary>
/// What the ramp and cap layers decided together: the layer that refused (or failed, with
/// <paramref name="Failure"/>), its decision, and what the send holds when allowed.
/// </summary>
internal readonly record struct LayerOutcome(ReservingLayer Layer, GuardDecision Decision, ISendReservation? Reservation, Exception? Failure = null);
