namespace Caio.Safety;

/// <summary>
/// A guard's verdict: allow, deny with a <see cref="Safety.Refusal"/>, or defer until a time with a
/// <see cref="Safety.Refusal"/>. The refusal is the one place its reason code and detail live.
/// </summary>
public readonly record struct GuardDecision
{
    private readonly DateTimeOffset _deferUntil;

    private GuardDecision(GuardDecisionKind kind, Refusal refusal, DateTimeOffset deferUntil)
    {
        Kind = kind;
        Refusal = refusal;
        _deferUntil = deferUntil;
    }

    /// <summary>An allowing decision.</summary>
    public static GuardDecision Allow => default;

    /// <summary>The kind of decision.</summary>
    public GuardDecisionKind Kind { get; }

    /// <summary>
    /// Why the send was denied or postponed: its reason code (a known <see cref="ReasonCode"/> or a host's
    /// own code) and a human-readable detail for logs and the dashboard (never a message body or a secret);
    /// <see langword="null"/> when allowed.
    /// </summary>
    public Refusal? Refusal { get; }

    /// <summary>For <see cref="GuardDecisionKind.Defer"/>: the earliest time the send could go.</summary>
    public DateTimeOffset? DeferUntil => Kind == GuardDecisionKind.Defer ? _deferUntil : null;

    /// <summary>Whether the decision allows the send.</summary>
    public bool IsAllowed => Kind == GuardDecisionKind.Allow;

    /// <summary>Whether the decision denies the send.</summary>
    public bool IsDenied => Kind == GuardDecisionKind.Deny;

    /// <summary>Whether the decision postpones the send.</summary>
    public bool IsDeferred => Kind == GuardDecisionKind.Defer;

    /// <summary>Creates a denial.</summary>
    /// <param name="reasonCode">Machine-readable reason, usually one of <see cref="ReasonCodes"/>.</param>
    /// <param name="detail">Optional human-readable detail.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="reasonCode"/> is <see langword="default"/>.</exception>
    public static GuardDecision Deny(ReasonCode reasonCode, string? detail = null)
    {
        ThrowIfDefault(reasonCode);
        return new GuardDecision(GuardDecisionKind.Deny, new Refusal(reasonCode, detail), default);
    }

    /// <summary>Creates a denial with a refusal built before (for example one kept for a fixed refusal).</summary>
    /// <param name="refusal">The refusal.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">The refusal's code is <see langword="default"/>.</exception>
    public static GuardDecision Deny(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ThrowIfDefault(refusal.Code);
        return new GuardDecision(GuardDecisionKind.Deny, refusal, default);
    }

    /// <summary>Creates a deferral.</summary>
    /// <param name="until">The earliest time the send could go.</param>
    /// <param name="reasonCode">Machine-readable reason, usually one of <see cref="ReasonCodes"/>.</param>
    /// <param name="detail">Optional human-readable detail.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="reasonCode"/> is <see langword="default"/>.</exception>
    public static GuardDecision Defer(DateTimeOffset until, ReasonCode reasonCode, string? detail = null)
    {
        ThrowIfDefault(reasonCode);
        return new GuardDecision(GuardDecisionKind.Defer, new Refusal(reasonCode, detail), until);
    }

    /// <summary>Creates a deferral with a refusal built before.</summary>
    /// <param name="until">The earliest time the send could go.</param>
    /// <param name="refusal">The refusal.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">The refusal's code is <see langword="default"/>.</exception>
    public static GuardDecision Defer(DateTimeOffset until, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ThrowIfDefault(refusal.Code);
        return new GuardDecision(GuardDecisionKind.Defer, refusal, until);
    }

    private static void ThrowIfDefault(ReasonCode reasonCode)
    {
        if (reasonCode.IsDefault)
        {
            throw new ArgumentException("A denial or deferral needs a reason code.", nameof(reasonCode));
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        GuardDecisionKind.Allow => "allow",
        GuardDecisionKind.Deny => $"deny {Refusal!.Code}{(Refusal.Detail is null ? string.Empty : ": " + Refusal.Detail)}",
        _ => $"defer {Refusal!.Code} until {_deferUntil:O}{(Refusal.Detail is null ? string.Empty : ": " + Refusal.Detail)}",
    };
}
