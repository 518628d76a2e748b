using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>
/// The outcome of a chain evaluation. When allowed in <see cref="EvaluationMode.Enforce"/>, it holds
/// the guards' reservations: call <see cref="CommitAsync"/> once the provider call was made (or may
/// have been), or <see cref="ReleaseAsync"/> when the send is refused before it.
/// </summary>
public sealed class SafetyChainResult
{
    private static readonly GuardFinding[] NoFindings = [];

    private readonly ReservationSet _reservations;
    private int _state;

    internal SafetyChainResult(EvaluationMode mode, GuardDecision decision, string? decidedBy, IReadOnlyList<GuardFinding> findings, ReservationSet reservations, Exception? exception)
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
    public int ReservationCount => _reservations.Count;

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
            if (!finding.Decision.IsAllowed && !Contains(reasonCodes, finding.Decision.Refusal?.Code.ToString()))
            {
                return false;
            }
        }

        return Mode == EvaluationMode.DryRun || IsAllowed || Contains(reasonCodes, Decision.Refusal?.Code.ToString());
    }

    /// <summary>Keeps the reservations: the send happened or may have happened.</summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>A task that completes when committed.</returns>
    /// <exception cref="InvalidOperationException">The result is not an allowed enforce-mode result, or it was released.</exception>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        if (!IsAllowed || Mode != EvaluationMode.Enforce)
        {
            return ValueTask.FromException(new InvalidOperationException("Only an allowed, enforced evaluation can be committed."));
        }

        var previous = Interlocked.CompareExchange(ref _state, 1, 0);
        if (previous == 2)
        {
            return ValueTask.FromException(new InvalidOperationException("The reservations were already released."));
        }

        return previous == 1 ? ValueTask.CompletedTask : _reservations.CommitAllAsync(cancellationToken);
    }

    /// <summary>Gives the reservations back: the send did not happen. Does nothing after a commit or a release.</summary>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when released.</returns>
    public ValueTask ReleaseAsync(CancellationToken cancellationToken = default) =>
        Interlocked.CompareExchange(ref _state, 2, 0) != 0 ? ValueTask.CompletedTask : _reservations.ReleaseAllAsync(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => DecidedBy is null ? Decision.ToString() : $"{DecidedBy}: {Decision}";

    internal static SafetyChainResult Allowed(ReservationSet reservations) =>
        new(EvaluationMode.Enforce, GuardDecision.Allow, null, NoFindings, reservations, null);

    internal static SafetyChainResult Refused(EvaluationMode mode, string guard, GuardDecision decision, Exception? exception) =>
        new(mode, decision, guard, [new GuardFinding(guard, decision)], default, exception);

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
