namespace Caio.Providers;

/// <summary>Reason codes the provider packages emit (also known as <see cref="Caio.Safety.ReasonCode.ProviderUnavailable"/> and <see cref="Caio.Safety.ReasonCode.TierNotRouted"/>).</summary>
public static class ProviderReasonCodes
{
    /// <summary>The provider's circuit breaker is open (it failed repeatedly, e.g. a dead or deprecated endpoint); the send was not attempted.</summary>
    public const string ProviderUnavailable = Caio.Safety.ReasonCodes.ProviderUnavailable;

    /// <summary>The recipient's tier is not routed to this channel (<c>Caio:Providers:Routing</c>).</summary>
    public const string TierNotRouted = Caio.Safety.ReasonCodes.TierNotRouted;
}
