using Caio.Leads;

namespace Caio.Safety.Internal;

/// <summary>Layer 6: while ramping, only the allowed tiers and at most the daily limit per channel.</summary>
internal sealed class RampGuard(RampTracker ramp) : IReservingGuard
{
    public string Name => "ramp";

    /// <summary>The ramp tracker, for the chain's joint reservation of the ramp and cap slots.</summary>
    internal RampTracker Tracker => ramp;

    /// <summary>The refusal of a tier the ramp does not send yet.</summary>
    internal static GuardDecision TierRestricted(RampTracker ramp, Tier tier) =>
        GuardDecision.Deny(ReasonCodes.RampTierRestricted, $"ramping: only {string.Join(", ", ramp.AllowedTiers)} are sent, not {tier.ToWireName()}");

    /// <summary>The deferral when the ramp's daily slots are taken.</summary>
    internal static GuardDecision Full(RampTracker ramp, DateTimeOffset dayEnd) =>
        GuardDecision.Defer(dayEnd, ReasonCodes.RampDailyLimit, $"ramping: {ramp.DailyLimit} sends per day and channel");

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default) =>
        EvaluateAsync(context, context.Mode == EvaluationMode.DryRun, cancellationToken);

    public ValueTask<GuardEvaluation> LookAsync(SendContext context, CancellationToken cancellationToken) =>
        EvaluateAsync(context, dryRun: true, cancellationToken);

    private async ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, bool dryRun, CancellationToken cancellationToken)
    {
        if (!ramp.Enabled)
        {
            return GuardEvaluation.Allowed;
        }

        var windows = ramp.Clock.At(ramp.Now);
        if (await ramp.IsGraduatedAsync(windows, cancellationToken).ConfigureAwait(false))
        {
            return GuardEvaluation.Allowed;
        }

        if (!ramp.IsTierAllowed(context.Tier))
        {
            return TierRestricted(ramp, context.Tier);
        }

        var key = ramp.DailyKey(context.Channel, windows);
        if (dryRun)
        {
            var used = await ramp.Store.GetCounterAsync(key, cancellationToken).ConfigureAwait(false);
            return used >= ramp.DailyLimit ? Full(windows) : GuardEvaluation.Allowed;
        }

        var result = await ramp.Store.IncrementAsync(key, 1, ramp.DailyLimit, windows.DayEnd, cancellationToken).ConfigureAwait(false);
        if (!result.Applied)
        {
            return Full(windows);
        }

        return new GuardEvaluation(GuardDecision.Allow, new CapReservation(ramp.Store, ramp.TimeProvider, [key]));
    }

    private GuardDecision Full(CalendarWindows windows) => Full(ramp, windows.DayEnd);
}
