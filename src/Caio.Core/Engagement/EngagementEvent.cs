namespace Caio.Engagement;

/// <summary>
/// One engagement event parsed from a provider webhook. A lead is identified by its email address
/// (email providers) or its LinkedIn profile URL (LinkedIn providers); <see cref="EventId"/> is stable
/// across redeliveries of the same event, for dedupe.
/// </summary>
public sealed record EngagementEvent
{
    /// <summary>Provider (<c>instantly</c>, <c>heyreach</c>, <c>ghl</c>).</summary>
    public required string Provider { get; init; }

    /// <summary>Stable id of the event: the provider's own id, or a hash of what identifies it.</summary>
    public required string EventId { get; init; }

    /// <summary>What happened.</summary>
    public required EngagementEventKind Kind { get; init; }

    /// <summary>The provider's own event name, unchanged.</summary>
    public required string ProviderEventType { get; init; }

    /// <summary>When it happened, when the provider said.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The lead's email address.</summary>
    public string? Email { get; init; }

    /// <summary>The lead's LinkedIn profile URL.</summary>
    public string? LinkedInUrl { get; init; }

    /// <summary>The provider's id of the contact or lead.</summary>
    public string? ContactId { get; init; }

    /// <summary>The provider's campaign id.</summary>
    public string? CampaignId { get; init; }

    /// <summary>Sequence step (1-based), when the provider said.</summary>
    public int? Step { get; init; }

    /// <summary>The provider's message id.</summary>
    public string? MessageId { get; init; }
}
