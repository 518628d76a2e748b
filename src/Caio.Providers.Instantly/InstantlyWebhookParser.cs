using Caio.Engagement;
using Caio.Leads;
using Caio.Providers.Internal;

namespace Caio.Providers.Instantly;

/// <summary>
/// Parses Instantly webhook payloads (flat JSON: <c>event_type</c>, <c>timestamp</c>,
/// <c>campaign_id</c>, <c>lead_email</c>, <c>step</c>, <c>email_id</c> …) into engagement events.
/// Unknown fields are ignored, both click spellings are accepted, the lead must be identified by a
/// valid <c>lead_email</c>, and malformed input is rejected with a reason, never an exception.
/// Instantly sends no event id: the id is a hash of event type, time, lead, campaign, step and email id.
/// </summary>
public static class InstantlyWebhookParser
{
    /// <summary>Parses one payload.</summary>
    /// <param name="payload">The raw request body.</param>
    /// <returns>The event, an ignored type, or a rejection.</returns>
    public static WebhookParseResult Parse(ReadOnlySpan<byte> payload)
    {
        if (!WebhookJson.TryParseObject(payload, out var document, out var error))
        {
            return WebhookParseResult.Rejected(error!);
        }

        using (document)
        {
            var root = document!.RootElement;
            var type = WebhookJson.Text(root, "event_type", "eventType");
            if (type is null)
            {
                return WebhookParseResult.Rejected("event_type is missing");
            }

            EngagementEventKind? kind = type.ToLowerInvariant() switch
            {
                "email_sent" => EngagementEventKind.Sent,
                "email_opened" => EngagementEventKind.Opened,
                "link_clicked" or "email_link_clicked" => EngagementEventKind.Clicked,
                "reply_received" => EngagementEventKind.Replied,
                "auto_reply_received" or "lead_out_of_office" => EngagementEventKind.AutoReply,
                "email_bounced" => IsSoftBounce(root) ? EngagementEventKind.BouncedSoft : EngagementEventKind.BouncedHard,
                "lead_unsubscribed" => EngagementEventKind.Unsubscribed,
                "lead_interested" => EngagementEventKind.Interested,
                "lead_not_interested" => EngagementEventKind.NotInterested,
                "lead_meeting_booked" => EngagementEventKind.MeetingBooked,
                _ => null,
            };
            if (kind is null)
            {
                return WebhookParseResult.Ignored($"instantly event type '{type}' is not an engagement event Caio acts on");
            }

            var rawEmail = WebhookJson.Text(root, "lead_email", "leadEmail", "email");
            if (WebhookJson.Email(rawEmail) is not { } email)
            {
                return WebhookParseResult.Rejected(rawEmail is null ? $"{type}: lead_email is missing" : $"{type}: lead_email is not a valid address");
            }

            var timestamp = WebhookJson.Text(root, "timestamp");
            var campaign = WebhookJson.Text(root, "campaign_id", "campaignId");
            var step = WebhookJson.Int(root, "step");
            var emailId = WebhookJson.Text(root, "email_id", "emailId");
            return WebhookParseResult.Parsed(new EngagementEvent
            {
                Provider = ChannelNames.Instantly,
                EventId = WebhookJson.HashId(ChannelNames.Instantly, type, timestamp, email, campaign, step?.ToString(System.Globalization.CultureInfo.InvariantCulture), emailId),
                Kind = kind.Value,
                ProviderEventType = type,
                OccurredAt = WebhookJson.Time(root, "timestamp"),
                Email = email,
                CampaignId = campaign,
                Step = step,
                MessageId = emailId,
            });
        }
    }

    private static bool IsSoftBounce(System.Text.Json.JsonElement root) =>
        WebhookJson.Text(root, "bounce_type", "bounceType") is { } bounce && bounce.Contains("soft", StringComparison.OrdinalIgnoreCase);
}
