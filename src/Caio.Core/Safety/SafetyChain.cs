using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>Named places where a host may add its own guards to the chain.</summary>
public enum GuardExtensionPoint
{
    /// <summary>After suppression and before the contact-history check.</summary>
    AfterSuppression = 0,

    /// <summary>After the caps: the last guards before the provider call.</summary>
    BeforeSend,
}

/// <summary>
/// Builds the <see cref="SafetyChain"/>. The order of the SDK's own layers is fixed here and only here:
/// <list type="number">
/// <item><description>emergency stop</description></item>
/// <item><description>mode (dry-run, shadow)</description></item>
/// <item><description>gatekeeper (approved, unexpired, hash-verified batch holding the action)</description></item>
/// <item><description>suppression (invalid, unsubscribed, bounced, blocked, role, disposable)</description></item>
/// <item><description><see cref="GuardExtensionPoint.AfterSuppression"/> host guards</description></item>
/// <item><description>contact history (terminal status, step already sent)</description></item>
/// <item><description>send window</description></item>
/// <item><description>ramp</description></item>
/// <item><description>caps (monthly, daily, hourly, per domain, per batch, per mailbox, minimum gap)</description></item>
/// <item><description><see cref="GuardExtensionPoint.BeforeSend"/> host guards</description></item>
/// </list>
/// Hosts add guards only at the extension points; built-in layers cannot be removed or reordered.
/// </summary>
public sealed class SafetyChainBuilder
{
    private static readonly string[] BuiltInNames = ["emergency_stop", "mode", "gatekeeper", "suppression", "history", "send_window", "ramp", "caps"];

    private readonly IEmergencyStop _emergencyStop;
    private readonly SuppressionStore _suppression;
    private readonly ContactHistory _history;
    private readonly RampTracker _ramp;
    private readonly SendCaps _caps;
    private readonly SafetyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly List<ISendGuard> _afterSuppression = [];
    private readonly List<ISendGuard> _beforeSend = [];

    /// <summary>Creates a builder over the shared safety components.</summary>
    /// <param name="emergencyStop">The emergency stop.</param>
    /// <param name="suppression">The suppression store.</param>
    /// <param name="history">The contact history.</param>
    /// <param name="ramp">The ramp tracker.</param>
    /// <param name="caps">The caps.</param>
    /// <param name="options">Safety options.</param>
    /// <param name="timeProvider">The clock.</param>
    public SafetyChainBuilder(
        IEmergencyStop emergencyStop,
        SuppressionStore suppression,
        ContactHistory history,
        RampTracker ramp,
        SendCaps caps,
        IOptions<SafetyOptions> options,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(emergencyStop);
        ArgumentNullException.ThrowIfNull(suppression);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(ramp);
        ArgumentNullException.ThrowIfNull(caps);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _emergencyStop = emergencyStop;
        _suppression = suppression;
        _history = history;
        _ramp = ramp;
        _caps = caps;
        _options = SafetyOptionsValidator.EnsureValid(options.Value);
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a builder with default components on one state store (the stop reads the process environment).</summary>
    /// <param name="store">The state store.</param>
    /// <param name="options">Safety options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The builder.</returns>
    public static SafetyChainBuilder Create(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new SafetyChainBuilder(
            new EmergencyStop(store, options, timeProvider),
            new SuppressionStore(store, options, timeProvider),
            new ContactHistory(store, timeProvider),
            new RampTracker(store, options, timeProvider),
            new SendCaps(store, options, timeProvider),
            options,
            timeProvider);
    }

    /// <summary>Adds a host guard at an extension point; guards at the same point run in the order added.</summary>
    /// <param name="point">Where the guard runs.</param>
    /// <param name="guard">The guard; its name must not be a built-in layer's name.</param>
    /// <returns>This builder.</returns>
    [Experimental(Experiments.ExtensionPoints)]
    public SafetyChainBuilder AddGuard(GuardExtensionPoint point, ISendGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        if (string.IsNullOrWhiteSpace(guard.Name) || BuiltInNames.Contains(guard.Name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A host guard needs its own name; '{guard.Name}' is empty or a built-in layer.", nameof(guard));
        }

        var list = point switch
        {
            GuardExtensionPoint.AfterSuppression => _afterSuppression,
            GuardExtensionPoint.BeforeSend => _beforeSend,
            _ => throw new ArgumentOutOfRangeException(nameof(point), point, "Unknown extension point."),
        };
        list.Add(guard);
        return this;
    }

    /// <summary>Builds the chain in the fixed order.</summary>
    /// <returns>The chain.</returns>
    public SafetyChain Build()
    {
        ISendGuard[] guards =
        [
            new EmergencyStopGuard(_emergencyStop),
            new ModeGuard(_options.ShadowMode),
            new GatekeeperGuard(_timeProvider),
            new SuppressionGuard(_suppression, _options.Suppression),
            .. _afterSuppression,
            new HistoryGuard(_history),

            // Pure-time checks before the layers that reserve: an action the window defers never holds
            // a ramp or cap slot that a sendable action evaluated at the same moment could use.
            new SendWindowGuard(_options.SendWindow, _timeProvider),
            new RampGuard(_ramp),
            new CapGuard(_caps),
            .. _beforeSend,
        ];
        return new SafetyChain(_emergencyStop, guards);
    }
}

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

    internal SafetyChain(IEmergencyStop emergencyStop, ISendGuard[] guards)
    {
        EmergencyStop = emergencyStop;
        _guards = guards;
        GuardNames = [.. guards.Select(g => g.Name)];
        _reserving = [.. guards.OfType<IReservingGuard>().Where(g => g is RampGuard or CapGuard)];
        _firstReserving = Array.FindIndex(guards, g => g is RampGuard or CapGuard);
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

    private async ValueTask<SafetyChainResult> EnforceAsync(SendContext context, CancellationToken cancellationToken)
    {
        List<ISendReservation>? reservations = null;
        for (var i = 0; i < _guards.Length; i++)
        {
            var guard = _guards[i];
            if (i == _firstReserving)
            {
                // Before the first slot is taken, ask every reserving layer whether it would refuse as
                // things stand, without taking anything: an action a cap defers then never holds a ramp
                // slot, even briefly, that a sendable action evaluated at the same moment could use.
                var (refusedBy, refusal, failure) = await PrecheckReservingAsync(context, cancellationToken).ConfigureAwait(false);
                if (refusedBy is not null)
                {
                    await SafetyChainResult.ReleaseAllAsync(reservations).ConfigureAwait(false);
                    return SafetyChainResult.Refused(EvaluationMode.Enforce, refusedBy, refusal, failure);
                }
            }

            GuardEvaluation evaluation;
            try
            {
                evaluation = await guard.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await SafetyChainResult.ReleaseAllAsync(reservations).ConfigureAwait(false);
                throw;
            }
            catch (Exception ex)
            {
                await SafetyChainResult.ReleaseAllAsync(reservations).ConfigureAwait(false);
                return SafetyChainResult.Refused(EvaluationMode.Enforce, guard.Name, Failed(guard, ex), ex);
            }

            if (!evaluation.Decision.IsAllowed)
            {
                if (evaluation.Reservation is not null)
                {
                    (reservations ??= []).Add(evaluation.Reservation);
                }

                await SafetyChainResult.ReleaseAllAsync(reservations).ConfigureAwait(false);
                return SafetyChainResult.Refused(EvaluationMode.Enforce, guard.Name, evaluation.Decision, null);
            }

            if (evaluation.Reservation is not null)
            {
                (reservations ??= new List<ISendReservation>(4)).Add(evaluation.Reservation);
            }
        }

        return SafetyChainResult.Allowed(reservations);
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

        return new SafetyChainResult(EvaluationMode.DryRun, decision, decidedBy, findings, null, failure);
    }

    private static GuardDecision Failed(ISendGuard guard, Exception ex) =>
        guard is EmergencyStopGuard
            ? GuardDecision.Deny(ReasonCodes.EmergencyStopUnreadable, $"emergency stop could not be read: {ex.Message}")
            : GuardDecision.Deny(ReasonCodes.SafetyCheckFailed, $"{guard.Name} failed: {ex.GetType().Name}: {ex.Message}");
}

/// <summary>One guard's decision in a chain evaluation.</summary>
/// <param name="Guard">The guard's name.</param>
/// <param name="Decision">Its decision.</param>
public readonly record struct GuardFinding(string Guard, GuardDecision Decision);

/// <summary>
/// The outcome of a chain evaluation. When allowed in <see cref="EvaluationMode.Enforce"/>, it holds
/// the guards' reservations: call <see cref="CommitAsync"/> once the provider call was made (or may
/// have been), or <see cref="ReleaseAsync"/> when the send is refused before it.
/// </summary>
public sealed class SafetyChainResult
{
    private static readonly GuardFinding[] NoFindings = [];

    private readonly List<ISendReservation>? _reservations;
    private int _state;

    internal SafetyChainResult(EvaluationMode mode, GuardDecision decision, string? decidedBy, IReadOnlyList<GuardFinding> findings, List<ISendReservation>? reservations, Exception? exception)
    {
        Mode = mode;
        Decision = decision;
        DecidedBy = decidedBy;
        Findings = findings;
        _reservations = reservations;
        Exception = exception;
    }

    /// <summary>How the chain evaluated.</summary>
    public EvaluationMode Mode { get; }

    /// <summary>The chain's decision: allow, or the first guard's denial or deferral.</summary>
    public GuardDecision Decision { get; }

    /// <summary>The name of the guard that refused, or <see langword="null"/> when allowed.</summary>
    public string? DecidedBy { get; }

    /// <summary>
    /// In <see cref="EvaluationMode.DryRun"/>, every guard's decision in order; in
    /// <see cref="EvaluationMode.Enforce"/>, only the refusing guard's (empty when allowed).
    /// </summary>
    public IReadOnlyList<GuardFinding> Findings { get; }

    /// <summary>The exception of a guard that failed (the chain then denies with <c>safety_check_failed</c>).</summary>
    public Exception? Exception { get; }

    /// <summary>Whether the send may go ahead.</summary>
    public bool IsAllowed => Decision.IsAllowed;

    /// <summary>Number of reservations held.</summary>
    public int ReservationCount => _reservations?.Count ?? 0;

    /// <summary>
    /// Whether every refusal carries one of <paramref name="reasonCodes"/>, e.g. a dry run that would
    /// send if live: <c>result.AllowsExcept(ReasonCodes.DryRun)</c>.
    /// </summary>
    /// <param name="reasonCodes">Reason codes to ignore.</param>
    /// <returns><see langword="true"/> when no other refusal was found.</returns>
    public bool AllowsExcept(params ReadOnlySpan<string> reasonCodes)
    {
        foreach (var finding in Findings)
        {
            if (!finding.Decision.IsAllowed && !Contains(reasonCodes, finding.Decision.ReasonCode))
            {
                return false;
            }
        }

        return Mode == EvaluationMode.DryRun || IsAllowed || Contains(reasonCodes, Decision.ReasonCode);
    }

    /// <summary>Keeps the reservations: the send happened or may have happened.</summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>A task that completes when committed.</returns>
    /// <exception cref="InvalidOperationException">The result is not an allowed enforce-mode result, or it was released.</exception>
    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        if (!IsAllowed || Mode != EvaluationMode.Enforce)
        {
            throw new InvalidOperationException("Only an allowed, enforced evaluation can be committed.");
        }

        var previous = Interlocked.CompareExchange(ref _state, 1, 0);
        if (previous == 2)
        {
            throw new InvalidOperationException("The reservations were already released.");
        }

        if (previous == 1 || _reservations is null)
        {
            return;
        }

        foreach (var reservation in _reservations)
        {
            await reservation.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives the reservations back: the send did not happen. Does nothing after a commit or a release.</summary>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) != 0)
        {
            return;
        }

        await ReleaseAllAsync(_reservations, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => DecidedBy is null ? Decision.ToString() : $"{DecidedBy}: {Decision}";

    internal static SafetyChainResult Allowed(List<ISendReservation>? reservations) =>
        new(EvaluationMode.Enforce, GuardDecision.Allow, null, NoFindings, reservations, null);

    internal static SafetyChainResult Refused(EvaluationMode mode, string guard, GuardDecision decision, Exception? exception) =>
        new(mode, decision, guard, [new GuardFinding(guard, decision)], null, exception);

    /// <summary>Releases reservations in reverse order; a failing release does not stop the others.</summary>
    internal static async ValueTask ReleaseAllAsync(List<ISendReservation>? reservations, CancellationToken cancellationToken = default)
    {
        if (reservations is null)
        {
            return;
        }

        for (var i = reservations.Count - 1; i >= 0; i--)
        {
            try
            {
                await reservations[i].ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A slot that could not be given back stays taken, which is the safe direction;
                // the refusal that triggered the release stands either way.
            }
        }
    }

    private static bool Contains(ReadOnlySpan<string> codes, string? code)
    {
        foreach (var candidate in codes)
        {
            if (string.Equals(candidate, code, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
