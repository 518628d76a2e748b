namespace Caio.Providers;

/// <summary>Reason codes the provider packages add to the safety chain's vocabulary.</summary>
public static class ProviderReasonCodes
{
    /// <summary>The provider's circuit breaker is open (it failed repeatedly, e.g. a dead or deprecated endpoint); the send was not attempted.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>The recipient's tier is not routed to this channel (<c>Caio:Providers:Routing</c>).</summary>
    public const string TierNotRouted = "tier_not_routed";
}
