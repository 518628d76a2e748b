using Caio.Leads;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Providers;

/// <summary>
/// Refuses a provider send whose tier is not routed to its channel kind (<see cref="ChannelRoutingOptions"/>,
/// default: tier_3 on email only), with <see cref="ProviderReasonCodes.TierNotRouted"/>. Sandbox channels are not routed.
/// </summary>
/// <param name="options">Routing.</param>
public sealed class TierRoutingGuard(IOptions<ChannelRoutingOptions> options) : ISendGuard
{
    /// <inheritdoc />
    public string Name => "tier-routing";

    /// <inheritdoc />
    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SandboxChannel)
        {
            return ValueTask.FromResult(GuardEvaluation.Allowed);
        }

        var kind = ChannelNames.Of(context.Channel);
        var tier = context.Tier.ToWireName();
        return ValueTask.FromResult<GuardEvaluation>(options.Value.Routes(tier, kind)
            ? GuardDecision.Allow
            : GuardDecision.Deny(ProviderReasonCodes.TierNotRouted, $"{tier} is not routed to {kind} (Caio:Providers:Routing:Tiers:{tier})"));
    }
}
