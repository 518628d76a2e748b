using Caio.Leads;

namespace Caio.Providers;

/// <summary>
/// Tier → channel routing, bound from <c>Caio:Providers:Routing</c>: which channel kinds
/// (<c>email</c>, <c>linkedin</c>) a tier is contacted on. Default: tier_1 and tier_2 on email and
/// LinkedIn, tier_3 on email only; a tier that is not listed is contacted on no provider channel.
/// </summary>
public sealed class ChannelRoutingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Providers:Routing";

    /// <summary>Tier wire name → comma-separated channel kinds, e.g. <c>"tier_3": "email"</c>.</summary>
    public IDictionary<string, string> Tiers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["tier_1"] = $"{ChannelNames.Email},{ChannelNames.LinkedIn}",
        ["tier_2"] = $"{ChannelNames.Email},{ChannelNames.LinkedIn}",
        ["tier_3"] = ChannelNames.Email,
    };

    /// <summary>Whether a tier is routed to a channel kind.</summary>
    /// <param name="tier">Tier wire name (<c>tier_1</c> …).</param>
    /// <param name="channel">Channel kind wire name (<c>email</c> or <c>linkedin</c>).</param>
    /// <returns><see langword="true"/> when routed.</returns>
    public bool Routes(string tier, string channel) =>
        Tiers.TryGetValue(tier, out var kinds)
        && kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(channel, StringComparer.OrdinalIgnoreCase);
}
