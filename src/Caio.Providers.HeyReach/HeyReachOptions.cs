using Caio.Leads;

namespace Caio.Providers.HeyReach;

/// <summary>
/// Options of the HeyReach client and channel, bound from <c>Caio:Providers:HeyReach</c>;
/// <c>HEYREACH_API_KEY</c> and <c>HEYREACH_BASE_URL</c> are honoured.
/// </summary>
public sealed class HeyReachOptions : ProviderClientOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Providers:HeyReach";

    /// <summary>Environment variable of the API key.</summary>
    public const string ApiKeyVariable = "HEYREACH_API_KEY";

    /// <summary>Environment variable of the base URL.</summary>
    public const string BaseUrlVariable = "HEYREACH_BASE_URL";

    /// <summary>The documented base URL.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.heyreach.io/api/public/");

    /// <summary>Creates the options with the documented base URL.</summary>
    public HeyReachOptions()
    {
        BaseUrl = DefaultBaseUrl;
    }

    /// <summary>Documented limit: 300 requests per minute.</summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>Lead list every lead is added to first (adding straight to a campaign can re-activate it).</summary>
    public long? ListId { get; set; }

    /// <summary>Sender LinkedIn account (<c>linkedInAccountId</c>) of the account/lead pairs and messages.</summary>
    public long? LinkedInAccountId { get; set; }

    /// <summary>Campaign a LinkedIn action goes to when its tier has none in <see cref="Campaigns"/>.</summary>
    public long? DefaultCampaignId { get; set; }

    /// <summary>Tier wire name (<c>tier_1</c> …) → campaign id.</summary>
    public IDictionary<string, long> Campaigns { get; } = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override IReadOnlyList<ProviderRateLimit> GetRateLimits() => [new(RequestsPerMinute, TimeSpan.FromMinutes(1))];

    /// <summary>The campaign a tier routes to.</summary>
    /// <param name="tier">The tier, when known.</param>
    /// <returns>The campaign id, or <see langword="null"/>.</returns>
    public long? CampaignFor(Tier? tier) =>
        tier is { } t && Campaigns.TryGetValue(t.ToWireName(), out var id) ? id : DefaultCampaignId;
}
