namespace Caio.Safety;

/// <summary>What a guard decided about a send.</summary>
public enum GuardDecisionKind
{
    /// <summary>The send may go ahead as far as this guard is concerned.</summary>
    Allow = 0,

    /// <summary>The send must not happen; retrying later will not help without a change.</summary>
    Deny,

    /// <summary>The send must not happen now but may at <see cref="GuardDecision.DeferUntil"/>.</summary>
    Defer,
}
