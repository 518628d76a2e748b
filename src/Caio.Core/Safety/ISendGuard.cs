namespace Caio.Safety;

/// <summary>
/// One layer of the safety chain. A guard looks at a <see cref="SendContext"/> and allows, denies or
/// defers it. A guard that must hold something for the send (a cap slot, a ramp slot) takes it
/// atomically while evaluating and returns it as a <see cref="ISendReservation"/>: there is no
/// separate check followed by an increment.
/// </summary>
public interface ISendGuard
{
    /// <summary>Stable name used in results, logs and the dashboard (e.g. <c>caps</c>).</summary>
    string Name { get; }

    /// <summary>Evaluates a send.</summary>
    /// <param name="context">The send. When <see cref="SendContext.Mode"/> is
    /// <see cref="EvaluationMode.DryRun"/> the guard must not reserve anything.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The decision and, for an allowing decision, an optional reservation.</returns>
    ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default);
}

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

/// <summary>How the chain evaluates a send.</summary>
public enum EvaluationMode
{
    /// <summary>Stop at the first denial or deferral; reserve what allowing guards hold.</summary>
    Enforce = 0,

    /// <summary>
    /// Run every guard and reserve nothing, so a dry run can report every reason a send would be
    /// refused, not only the first.
    /// </summary>
    DryRun,
}
