namespace Caio.Testing.Providers;

/// <summary>A side effect a fake provider performed (a lead added, a message sent, a campaign activated).</summary>
/// <param name="Kind">What happened, e.g. <c>lead_added</c>, <c>message_sent</c>, <c>campaign_activated</c>.</param>
/// <param name="Recipient">Email address or LinkedIn profile URL, when the effect concerns a lead.</param>
/// <param name="Step">Sequence step, when known.</param>
/// <param name="Target">Campaign, list or conversation.</param>
/// <param name="At">When it happened.</param>
public sealed record FakeSideEffect(string Kind, string? Recipient, int? Step, string? Target, DateTimeOffset At);
