namespace Caio.Safety;

/// <summary>A guard's decision and what it reserved for the send.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Reservation">What the guard holds when it allowed the send; <see langword="null"/> otherwise.</param>
public readonly record struct GuardEvaluation(GuardDecision Decision, ISendReservation? Reservation = null)
{
    /// <summary>An allowing evaluation that holds nothing.</summary>
    public static GuardEvaluation Allowed => default;

    /// <summary>Wraps a decision without a reservation.</summary>
    /// <param name="decision">The decision.</param>
    public static implicit operator GuardEvaluation(GuardDecision decision) => new(decision);

    /// <summary>Wraps a decision without a reservation.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>The evaluation.</returns>
    public static GuardEvaluation FromGuardDecision(GuardDecision decision) => new(decision);
}
