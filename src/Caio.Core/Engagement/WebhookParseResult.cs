namespace Caio.Engagement;

/// <summary>
/// The answer of a webhook parser: an event, an event type Caio does not act on (ignored), or a
/// rejection with a reason in the sender's terms. Parsers never throw on bad input.
/// </summary>
public sealed record WebhookParseResult
{
    /// <summary>The parsed event, when <see cref="Status"/> is <see cref="WebhookParseStatus.Parsed"/>.</summary>
    public EngagementEvent? Event { get; private init; }

    /// <summary>What happened.</summary>
    public WebhookParseStatus Status { get; private init; }

    /// <summary>Why the payload was ignored or rejected.</summary>
    public string? Reason { get; private init; }

    /// <summary>A parsed event.</summary>
    /// <param name="engagement">The event.</param>
    /// <returns>The result.</returns>
    public static WebhookParseResult Parsed(EngagementEvent engagement) => new() { Event = engagement ?? throw new ArgumentNullException(nameof(engagement)), Status = WebhookParseStatus.Parsed };

    /// <summary>A well-formed payload of an event type Caio does not act on.</summary>
    /// <param name="reason">Which type, and why.</param>
    /// <returns>The result.</returns>
    public static WebhookParseResult Ignored(string reason) => new() { Status = WebhookParseStatus.Ignored, Reason = reason };

    /// <summary>A malformed payload, or one that does not identify the lead.</summary>
    /// <param name="reason">What is wrong.</param>
    /// <returns>The result.</returns>
    public static WebhookParseResult Rejected(string reason) => new() { Status = WebhookParseStatus.Rejected, Reason = reason };
}
