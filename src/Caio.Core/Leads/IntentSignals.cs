using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>Buying-intent signals attached to a lead.</summary>
public sealed record IntentSignals
{
    /// <summary>Number of visits to the website.</summary>
    public int SiteVisits { get; init; }

    /// <summary>Number of content downloads.</summary>
    public int ContentDownloads { get; init; }

    /// <summary>Number of visits to the pricing page.</summary>
    public int PricingPageVisits { get; init; }

    /// <summary>Whether the person requested a demo.</summary>
    public bool DemoRequested { get; init; }
}
