using Caio.Safety;

namespace Caio.Providers;

/// <summary>
/// Refuses a send, before anything is reserved, when the provider behind its channel has an open
/// circuit (<see cref="ProviderReasonCodes.ProviderUnavailable"/>): a dead or deprecated endpoint costs
/// a few calls, not one per action. The item stays approved and goes on a later run.
/// </summary>
/// <param name="circuits">Circuit states.</param>
public sealed class ProviderAvailabilityGuard(ProviderCircuits circuits) : ISendGuard
{
    /// <inheritdoc />
    public string Name => "provider-availability";

    /// <inheritdoc />
    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<GuardEvaluation>(context.Mailbox is { } channel && circuits.IsOpen(channel)
            ? GuardDecision.Deny(ProviderReasonCodes.ProviderUnavailable, $"{channel} failed repeatedly and its circuit is open; the send was not attempted")
            : GuardDecision.Allow);
    }
}
