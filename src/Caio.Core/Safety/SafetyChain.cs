using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Internal;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>
/// The safety chain every send passes. In <see cref="EvaluationMode.Enforce"/> it stops at the first
/// denial or deferral and releases what earlier guards reserved; when every guard allows, the caller
/// holds the reservations in the <see cref="SafetyChainResult"/> and commits them after the provider
/// call or releases them when the send is refused before it.
/// </summary>
public sealed class SafetyChain
{
    private readonly ISendGuard[] _guards;
    private readonly IReservingGuard[] _reserving;
    private readonly int _firstReserving;
    private readonly RampGuard? _jointRamp;
    private readonly CapGuard? _jointCaps;

    internal SafetyChain(IEmergencyStop emergencyStop, ISendGuard[] guards)
    {
        EmergencyStop = emergencyStop;
        _guards = guards;
        GuardNames = [.. guards.Select(g => g.Name)];
        _reserving = [.. guards.OfType<IReservingGuard>().Where(g => g is RampGuard or CapGuard)];
        _firstReserving = Array.FindIndex(guards, g => g is RampGuard or CapGuard);

        // The ramp directly followed by the caps (as the builder places them) reserve together: one group
        // reservation of the ramp's and every cap window's slot, refusing with the same layer and reason.
        if (_firstReserving >= 0 && _firstReserving + 1 < guards.Length
            && guards[_firstReserving] is RampGuard ramp && guards[_firstReserving + 1] is CapGuard caps)
        {
            _jointRamp = ramp;
            _jointCaps = caps;
        }
    }

    /// <summary>The guards' names in evaluation order.</summary>
    public IReadOnlyList<string> GuardNames { get; }

    /// <summary>The emergency stop, to re-check right before the provider call.</summary>
    public IEmergencyStop EmergencyStop { get; }

    /// <summary>Re-checks the emergency stop (fails closed); call right before every provider call.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>An allowing decision, or a denial with <c>emergency_stop</c> or <c>emergency_stop_unreadable</c>.</returns>
    public ValueTask<GuardDecision> CheckEmergencyStopAsync(CancellationToken cancellationToken = default) =>
        EmergencyStopGuard.CheckAsync(EmergencyStop, cancellationToken);

    /// <summary>Evaluates a send in <see cref="EvaluationMode.Enforce"/>.</summary>
    /// <param name="context">The send.</param>
    /// <param name="cancellationToken">Cancels the evaluation (reservations taken so far are released).</param>
    /// <returns>The result.</returns>
    public ValueTask<SafetyChainResult> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default) =>
        EvaluateAsync(context, EvaluationMode.Enforce, cancellationToken);

    /// <summary>Evaluates a send.</summary>
    /// <param name="context">The send.</param>
    /// <param name="mode"><see cref="EvaluationMode.Enforce"/> to reserve and stop at the first refusal;
    /// <see cref="EvaluationMode.DryRun"/> to run every guard without reserving.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result.</returns>
    public ValueTask<SafetyChainResult> EvaluateAsync(SendContext context, EvaluationMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Mode != mode)
        {
            context = context with { Mode = mode };
        }

        return mode == EvaluationMode.DryRun ? DryRunAsync(context, cancellationToken) : EnforceAsync(context, cancellationToken);
    }

    /// <summary>
    /// Walks the layers without an async frame while each answers synchronously and allows (the in-memory
    /// store, the pure layers); the first layer that is still pending, fails, refuses while something is held,
    /// or hands a reservation from outside the joint ramp-and-caps step continues in <see cref="EnforceFromAsync"/>
    /// with that layer's answer, so both paths decide alike.
    /// </summary>
    private ValueTask<SafetyChainResult> EnforceAsync(SendContext context, CancellationToken cancellationToken)
    {
        var reservations = default(ReservationSet);
        for (var i = 0; i < _guards.Length; i++)
        {
            if (i == _firstReserving)
            {
                if (_jointCaps is null)
                {
                    return EnforceFromAsync(context, i, reservations, default, default, false, cancellationToken);
                }

                var joint = _jointCaps.Caps.ReserveGroupAsync(_jointRamp!.Tracker, context, cancellationToken);
                if (!joint.IsCompletedSuccessfully)
                {
                    return EnforceFromAsync(context, i, reservations, default, joint, true, cancellationToken);
                }

                var outcome = joint.Result;
                if (outcome.Layer != ReservingLayer.None)
                {
                    return reservations.Count == 0
                        ? new(RefusedJointly(outcome))
                        : EnforceFromAsync(context, i, reservations, default, new(outcome), true, cancellationToken);
                }

                if (outcome.Reservation is not null)
                {
                    reservations.Add(outcome.Reservation);
                }

                i++;
                continue;
            }

            ValueTask<GuardEvaluation> pending;
            try
            {
                pending = _guards[i].EvaluateAsync(context, cancellationToken);
            }
            catch (Exception ex)
            {
                pending = ValueTask.FromException<GuardEvaluation>(ex);
            }

            if (!pending.IsCompletedSuccessfully)
            {
                return EnforceFromAsync(context, i, reservations, pending, default, true, cancellationToken);
            }

            var evaluation = pending.Result;
            if (evaluation.Reservation is null && evaluation.Decision.IsAllowed)
            {
                continue;
            }

            if (evaluation.Reservation is null && reservations.Count == 0)
            {
                return new(SafetyChainResult.Refused(EvaluationMode.Enforce, _guards[i].Name, evaluation.Decision, null));
            }

            return EnforceFromAsync(context, i, reservations, new(evaluation), default, true, cancellationToken);
        }

        return new(SafetyChainResult.Allowed(reservations));
    }

    /// <summary>
    /// The layers from <paramref name="start"/> on. When <paramref name="started"/>, the layer at
    /// <paramref name="start"/> was already asked and its answer is <paramref name="first"/> (or, for the joint
    /// ramp-and-caps step, <paramref name="firstJoint"/>).
    /// </summary>
    private async ValueTask<SafetyChainResult> EnforceFromAsync(
        SendContext context,
        int start,
        ReservationSet reservations,
        ValueTask<GuardEvaluation> first,
        ValueTask<LayerOutcome> firstJoint,
        bool started,
        CancellationToken cancellationToken)
    {
        for (var i = start; i < _guards.Length; i++)
        {
            var guard = _guards[i];
            var asked = started && i == start;
            if (i == _firstReserving)
            {
                if (_jointCaps is not null)
                {
                    LayerOutcome outcome;
                    try
                    {
                        outcome = await (asked ? firstJoint : _jointCaps.Caps.ReserveGroupAsync(_jointRamp!.Tracker, context, cancellationToken)).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        await reservations.ReleaseAllAsync().ConfigureAwait(false);
                        throw;
                    }

                    if (outcome.Layer != ReservingLayer.None)
                    {
                        await reservations.ReleaseAllAsync().ConfigureAwait(false);
                        return RefusedJointly(outcome);
                    }

                    if (outcome.Reservation is not null)
                    {
                        reservations.Add(outcome.Reservation);
                    }

                    i++;
                    continue;
                }

                // Before the first slot is taken, ask every reserving layer whether it would refuse as
                // things stand, without taking anything: an action a cap defers then never holds a ramp
                // slot, even briefly, that a sendable action evaluated at the same moment could use.
                var (refusedBy, refusal, failure) = await PrecheckReservingAsync(context, cancellationToken).ConfigureAwait(false);
                if (refusedBy is not null)
                {
                    await reservations.ReleaseAllAsync().ConfigureAwait(false);
                    return SafetyChainResult.Refused(EvaluationMode.Enforce, refusedBy, refusal, failure);
                }
            }

            GuardEvaluation evaluation;
            try
            {
                evaluation = await (asked ? first : guard.EvaluateAsync(context, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await reservations.ReleaseAllAsync().ConfigureAwait(false);
                throw;
            }
            catch (Exception ex)
            {
                await reservations.ReleaseAllAsync().ConfigureAwait(false);
                return SafetyChainResult.Refused(EvaluationMode.Enforce, guard.Name, Failed(guard, ex), ex);
            }

            if (evaluation.Reservation is not null)
            {
                reservations.Add(evaluation.Reservation);
            }

            if (!evaluation.Decision.IsAllowed)
            {
                await reservations.ReleaseAllAsync().ConfigureAwait(false);
                return SafetyChainResult.Refused(EvaluationMode.Enforce, guard.Name, evaluation.Decision, null);
            }
        }

        return SafetyChainResult.Allowed(reservations);
    }

    /// <summary>The refusal of the joint ramp-and-caps step, by the layer that refused or failed.</summary>
    private SafetyChainResult RefusedJointly(LayerOutcome outcome)
    {
        ISendGuard layer = outcome.Layer == ReservingLayer.Ramp ? _jointRamp! : _jointCaps!;
        return outcome.Failure is { } failed
            ? SafetyChainResult.Refused(EvaluationMode.Enforce, layer.Name, Failed(layer, failed), failed)
            : SafetyChainResult.Refused(EvaluationMode.Enforce, layer.Name, outcome.Decision, null);
    }

    private async ValueTask<(string? RefusedBy, GuardDecision Decision, Exception? Failure)> PrecheckReservingAsync(SendContext context, CancellationToken cancellationToken)
    {
        foreach (var guard in _reserving)
        {
            try
            {
                // A look reads only; the context is not copied into dry-run mode for it.
                var evaluation = await guard.LookAsync(context, cancellationToken).ConfigureAwait(false);
                if (evaluation.Reservation is not null)
                {
                    await evaluation.Reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                }

                if (!evaluation.Decision.IsAllowed)
                {
                    return (guard.Name, evaluation.Decision, null);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                return (guard.Name, Failed(guard, ex), ex);
            }
        }

        return (null, GuardDecision.Allow, null);
    }

    private async ValueTask<SafetyChainResult> DryRunAsync(SendContext context, CancellationToken cancellationToken)
    {
        var findings = new GuardFinding[_guards.Length];
        string? decidedBy = null;
        var decision = GuardDecision.Allow;
        Exception? failure = null;
        for (var i = 0; i < _guards.Length; i++)
        {
            var guard = _guards[i];
            GuardDecision guardDecision;
            try
            {
                var evaluation = await guard.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
                if (evaluation.Reservation is not null)
                {
                    await evaluation.Reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                }

                guardDecision = evaluation.Decision;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                guardDecision = Failed(guard, ex);
                failure ??= ex;
            }

            findings[i] = new GuardFinding(guard.Name, guardDecision);
            if (decidedBy is null && !guardDecision.IsAllowed)
            {
                decidedBy = guard.Name;
                decision = guardDecision;
            }
        }

        return new SafetyChainResult(EvaluationMode.DryRun, decision, decidedBy, findings, default, failure);
    }

    private static GuardDecision Failed(ISendGuard guard, Exception ex) =>
        guard is EmergencyStopGuard
            ? GuardDecision.Deny(ReasonCodes.EmergencyStopUnreadable, $"emergency stop could not be read: {ErrorText.Describe(ex)}")
            : GuardDecision.Deny(ReasonCodes.SafetyCheckFailed, $"{guard.Name} failed: {ErrorText.Describe(ex)}");
}
