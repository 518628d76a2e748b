namespace Caio.Safety;

/// <summary>A guard's verdict: allow, deny with a reason, or defer until a time with a reason.</summary>
public readonly record struct GuardDecision
{
    private GuardDecision(GuardDecisionKind kind, ReasonCode? reasonCode, string? detail, DateTimeOffset? deferUntil)
    {
        Kind = kind;
        ReasonCode = reasonCode;
        Detail = detail;
        DeferUntil = deferUntil;
    }

    /// <summary>An allowing decision.</summary>
    public static GuardDecision Allow => default;

    /// <summary>The kind of decision.</summary>
    public GuardDecisionKind Kind { get; }

    /// <summary>The reason code: a known <see cref="Safety.ReasonCode"/> (or a host's own code); <see langword="null"/> when allowed.</summary>
    public ReasonCode? ReasonCode { get; }

    /// <summary>Human-readable detail for logs and the dashboard (never a message body or a secret).</summary>
    public string? Detail { get; }

    /// <summary>For <see cref="GuardDecisionKind.Defer"/>: the earliest time the send could go.</summary>
    public DateTimeOffset? DeferUntil { get; }

    /// <summary>The refusal (its code and detail) of a denial or deferral; <see langword="null"/> when allowed.</summary>
    public Refusal? Refusal => ReasonCode is { } code ? new Refusal(code, Detail) : null;

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
        return new GuardDecision(GuardDecisionKind.Deny, reasonCode, detail, null);
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
        return new GuardDecision(GuardDecisionKind.Defer, reasonCode, detail, until);
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
        GuardDecisionKind.Deny => $"deny {ReasonCode}{(Detail is null ? string.Empty : ": " + Detail)}",
        _ => $"defer {ReasonCode} until {DeferUntil:O}{(Detail is null ? string.Empty : ": " + Detail)}",
    };
}
