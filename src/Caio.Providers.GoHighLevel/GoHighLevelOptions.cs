namespace Caio.Providers.GoHighLevel;

/// <summary>
/// Options of the GoHighLevel (LeadConnector API v2) client and channel, bound from
/// <c>Caio:Providers:GoHighLevel</c>; <c>GHL_API_KEY</c>, <c>GHL_LOCATION_ID</c> and <c>GHL_BASE_URL</c> are honoured.
/// </summary>
public sealed class GoHighLevelOptions : ProviderClientOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Providers:GoHighLevel";

    /// <summary>Environment variable of the token (Private Integration Token or OAuth access token).</summary>
    public const string ApiKeyVariable = "GHL_API_KEY";

    /// <summary>Environment variable of the location (sub-account) id.</summary>
    public const string LocationIdVariable = "GHL_LOCATION_ID";

    /// <summary>Environment variable of the base URL.</summary>
    public const string BaseUrlVariable = "GHL_BASE_URL";

    /// <summary>The documented base URL.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://services.leadconnectorhq.com");

    /// <summary>Pinned <c>Version</c> header of the contacts and opportunities endpoints.</summary>
    public const string ContactsVersion = "2021-07-28";

    /// <summary>Pinned <c>Version</c> header of the conversations endpoints.</summary>
    public const string ConversationsVersion = "2021-04-15";

    /// <summary>Creates the options with the documented base URL; the channel carries <c>revival</c> (nurture and revival) by default.</summary>
    public GoHighLevelOptions()
    {
        BaseUrl = DefaultBaseUrl;
        Motions = "revival";
    }

    /// <summary>Location (sub-account) id; required.</summary>
    public string? LocationId { get; set; }

    /// <summary>Documented burst limit: 100 requests per 10 seconds per location.</summary>
    public int RequestsPer10Seconds { get; set; } = 100;

    /// <summary>Documented daily limit: 200,000 requests per day per location.</summary>
    public int RequestsPerDay { get; set; } = 200_000;

    /// <summary>Sender address of nurture emails (<c>emailFrom</c>), when not the location's default.</summary>
    public string? EmailFrom { get; set; }

    /// <summary>Tag that marks a contact do-not-contact / unsubscribed. Default <c>caio-dnc</c>.</summary>
    public string DncTag { get; set; } = "caio-dnc";

    /// <summary>Tag every contact Caio writes gets. Default <c>caio</c>.</summary>
    public string SourceTag { get; set; } = "caio";

    /// <inheritdoc />
    public override IReadOnlyList<ProviderRateLimit> GetRateLimits() =>
        [new(RequestsPer10Seconds, TimeSpan.FromSeconds(10)), new(RequestsPerDay, TimeSpan.FromDays(1))];
}
