using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Buying-intent points. The total is capped at <see cref="Cap"/>.</summary>
public sealed class IntentOptions
{
    /// <summary>Most points intent can add. Default 20.</summary>
    public int Cap { get; set; } = 20;

    /// <summary>Site visits needed for <see cref="SiteVisitsHighPoints"/>. Default 5.</summary>
    public int SiteVisitsHighThreshold { get; set; } = 5;

    /// <summary>Points for at least <see cref="SiteVisitsHighThreshold"/> site visits. Default 8.</summary>
    public int SiteVisitsHighPoints { get; set; } = 8;

    /// <summary>Site visits needed for <see cref="SiteVisitsLowPoints"/>. Default 2.</summary>
    public int SiteVisitsLowThreshold { get; set; } = 2;

    /// <summary>Points for at least <see cref="SiteVisitsLowThreshold"/> site visits. Default 4.</summary>
    public int SiteVisitsLowPoints { get; set; } = 4;

    /// <summary>Content downloads needed for <see cref="ContentDownloadsHighPoints"/>. Default 3.</summary>
    public int ContentDownloadsHighThreshold { get; set; } = 3;

    /// <summary>Points for at least <see cref="ContentDownloadsHighThreshold"/> downloads. Default 8.</summary>
    public int ContentDownloadsHighPoints { get; set; } = 8;

    /// <summary>Content downloads needed for <see cref="ContentDownloadsLowPoints"/>. Default 1.</summary>
    public int ContentDownloadsLowThreshold { get; set; } = 1;

    /// <summary>Points for at least <see cref="ContentDownloadsLowThreshold"/> downloads. Default 4.</summary>
    public int ContentDownloadsLowPoints { get; set; } = 4;

    /// <summary>Pricing-page visits needed for <see cref="PricingPagePoints"/>. Default 1.</summary>
    public int PricingPageThreshold { get; set; } = 1;

    /// <summary>Points for a visit to the pricing page. Default 6.</summary>
    public int PricingPagePoints { get; set; } = 6;

    /// <summary>Points for a demo request. Default 10.</summary>
    public int DemoRequestedPoints { get; set; } = 10;

    /// <summary>
    /// Points by the kind of source that surfaced the lead. Defaults: <c>WebsiteVisitor</c> +4,
    /// <c>ContentDownloader</c> +6, <c>DemoRequester</c> +10, <c>WebinarRegistrant</c> +5.
    /// </summary>
    public IDictionary<SourceType, int> SourceTypePoints { get; set; } = new Dictionary<SourceType, int>
    {
        [SourceType.WebsiteVisitor] = 4,
        [SourceType.ContentDownloader] = 6,
        [SourceType.DemoRequester] = 10,
        [SourceType.WebinarRegistrant] = 5,
    };
}
