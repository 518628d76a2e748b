using Caio.Dedup;
using Caio.Dispatch;
using Caio.Engagement;
using Caio.Safety;

namespace Caio.AspNetCore.Webhooks;

/// <summary>
/// Applies an engagement event to Core's safety state: unsubscribes and hard bounces suppress the
/// recipient, soft bounces count towards suppression, replies end the sequence. Every step is idempotent (a soft
/// bounce is counted once per event id), so an event processed again after a crash changes nothing further. An event
/// that implies delivery (sent, delivered, opened, clicked, replied, connection accepted, LinkedIn
/// reply, ...) also confirms the matching ledger entry: handed to the provider becomes confirmed by it. An event
/// without an email (LinkedIn providers name the lead by profile URL) is matched through <see cref="LinkedInRecipients"/>.
/// </summary>
internal sealed class EngagementApplier(SuppressionStore suppression, ContactHistory history, EmailCanonicalizer canonicalizer, SendConfirmations confirmations, LinkedInRecipients linkedIn)
{
    public async ValueTask<string> ApplyAsync(EngagementEvent engagement, CancellationToken cancellationToken)
    {
        if (await RecipientOfAsync(engagement, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return "no_recipient";
        }

        var source = engagement.Provider + ":" + engagement.ProviderEventType;
        if (ImpliesDelivery(engagement.Kind))
        {
            await confirmations.ConfirmAsync(key.Value, engagement.Step, engagement.Provider, SendConfirmations.DeliveryEvent, cancellationToken).ConfigureAwait(false);
        }

        switch (engagement.Kind)
        {
            case EngagementEventKind.Unsubscribed:
                await suppression.RecordUnsubscribeAsync(key.Value, source, cancellationToken).ConfigureAwait(false);
                await history.MarkTerminalAsync(key.Value, TerminalStatus.Unsubscribed, source, cancellationToken).ConfigureAwait(false);
                return "suppressed_unsubscribed";
            case EngagementEventKind.BouncedHard:
                await suppression.RecordHardBounceAsync(key.Value, source, cancellationToken).ConfigureAwait(false);
                await history.MarkTerminalAsync(key.Value, TerminalStatus.Bounced, source, cancellationToken).ConfigureAwait(false);
                return "suppressed_hard_bounce";
            case EngagementEventKind.BouncedSoft:
                await suppression.RecordSoftBounceEventAsync(key.Value, engagement.EventId, source, cancellationToken).ConfigureAwait(false);
                return "soft_bounce_counted";
            case EngagementEventKind.Replied or EngagementEventKind.Interested or EngagementEventKind.NotInterested
                or EngagementEventKind.MeetingBooked or EngagementEventKind.LinkedInReply:
                await history.MarkTerminalAsync(key.Value, TerminalStatus.Replied, source, cancellationToken).ConfigureAwait(false);
                return "sequence_stopped";
            default:
                return "recorded";
        }
    }

    /// <summary>The event's recipient: by its email, else (LinkedIn providers) by the profile recorded when it was sent to.</summary>
    private async ValueTask<DedupKey?> RecipientOfAsync(EngagementEvent engagement, CancellationToken cancellationToken)
    {
        if (engagement.Email is not null && canonicalizer.TryCreateKey(engagement.Email, out var byEmail, out _))
        {
            return byEmail;
        }

        return await linkedIn.FindAsync(engagement.LinkedInUrl, cancellationToken).ConfigureAwait(false) is { } recorded
            && DedupKey.TryParse(recorded, out var byProfile, out _, canonicalizer)
                ? byProfile
                : null;
    }

    private static bool ImpliesDelivery(EngagementEventKind kind) => kind is EngagementEventKind.Sent or EngagementEventKind.Delivered
        or EngagementEventKind.Opened or EngagementEventKind.Clicked or EngagementEventKind.Replied or EngagementEventKind.AutoReply
        or EngagementEventKind.Interested or EngagementEventKind.NotInterested or EngagementEventKind.MeetingBooked
        or EngagementEventKind.ConnectionAccepted or EngagementEventKind.LinkedInReply;
}
