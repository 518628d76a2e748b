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
