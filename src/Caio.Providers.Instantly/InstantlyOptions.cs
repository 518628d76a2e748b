using Caio.Leads;

namespace Caio.Providers.Instantly;

/// <summary>
/// Options of the Instantly (API v2) client and channel, bound from <c>Caio:Providers:Instantly</c>;
/// <c>INSTANTLY_API_KEY</c> and <c>INSTANTLY_BASE_URL</c> are honoured.
/// </summary>
public sealed class InstantlyOptions : ProviderClientOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Providers:Instantly";

    /// <summary>Environment variable of the API key.</summary>
    public const string ApiKeyVariable = "INSTANTLY_API_KEY";

    /// <summary>Environment variable of the base URL.</summary>
    public const string BaseUrlVariable = "INSTANTLY_BASE_URL";

    /// <summary>The documented base URL.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.instantly.ai");

    /// <summary>Creates the options with the documented base URL.</summary>
    public InstantlyOptions()
    {
        BaseUrl = DefaultBaseUrl;
    }

    /// <summary>Documented limit per workspace: 100 requests per second.</summary>
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>Documented limit per workspace: 6,000 requests per minute.</summary>
    public int RequestsPerMinute { get; set; } = 6_000;

    /// <summary>Campaign an approved email goes to when its tier has none in <see cref="Campaigns"/>.</summary>
    public string? DefaultCampaignId { get; set; }

    /// <summary>Tier wire name (<c>tier_1</c> …) → campaign id.</summary>
    public IDictionary<string, string> Campaigns { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override IReadOnlyList<ProviderRateLimit> GetRateLimits() =>
        [new(RequestsPerSecond, TimeSpan.FromSeconds(1)), new(RequestsPerMinute, TimeSpan.FromMinutes(1))];

    /// <summary>The campaign a tier routes to.</summary>
    /// <param name="tier">The tier, when known.</param>
    /// <returns>The campaign id, or <see langword="null"/> when none is configured.</returns>
    public string? CampaignFor(Tier? tier) =>
        tier is { } t && Campaigns.TryGetValue(t.ToWireName(), out var id) && !string.IsNullOrWhiteSpace(id) ? id : DefaultCampaignId;
}
