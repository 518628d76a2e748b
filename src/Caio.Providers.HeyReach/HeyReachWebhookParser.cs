using System.Text.Json;
using Caio.Engagement;
using Caio.Leads;
using Caio.Providers.Internal;

namespace Caio.Providers.HeyReach;

/// <summary>
/// Parses HeyReach webhook payloads into engagement events. The payload is not documented and
/// clients disagree on its casing, so both are accepted (<c>eventType</c>/<c>event_type</c>,
/// <c>lead.profileUrl</c>/<c>lead.profile_url</c>, <c>conversationId</c>/<c>conversation_id</c>) and
/// unknown fields are ignored. The lead must be identified by a LinkedIn profile URL. Deliveries can
/// repeat: the event id is the payload's own id when it has one, otherwise a hash of event type,
/// time, lead, campaign, conversation and message.
/// </summary>
public static class HeyReachWebhookParser
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
            var type = WebhookJson.Text(root, "eventType", "event_type", "type");
            if (type is null)
            {
                return WebhookParseResult.Rejected("eventType is missing");
            }

            EngagementEventKind? kind = type.ToUpperInvariant() switch
            {
                "CONNECTION_REQUEST_SENT" or "MESSAGE_SENT" or "INMAIL_SENT" => EngagementEventKind.Sent,
                "CONNECTION_REQUEST_ACCEPTED" => EngagementEventKind.ConnectionAccepted,
                "MESSAGE_REPLY_RECEIVED" or "INMAIL_REPLY_RECEIVED" or "EVERY_MESSAGE_REPLY_RECEIVED" => EngagementEventKind.LinkedInReply,
                _ => null,
            };
            if (kind is null)
            {
                return WebhookParseResult.Ignored($"heyreach event type '{type}' is not an engagement event Caio acts on");
            }

            var lead = WebhookJson.Object(root, "lead", "Lead");
            var rawProfile = (lead is { } l ? WebhookJson.Text(l, "profileUrl", "profile_url", "linkedInUrl", "linkedin_url", "linkedinUrl") : null)
                ?? WebhookJson.Text(root, "leadProfileUrl", "lead_profile_url", "profileUrl", "profile_url");
            if (WebhookJson.LinkedInProfile(rawProfile) is not { } profile)
            {
                return WebhookParseResult.Rejected(rawProfile is null ? $"{type}: the lead's LinkedIn profile URL is missing" : $"{type}: the lead's profile URL is not a LinkedIn profile");
            }

            var campaign = WebhookJson.Object(root, "campaign") is { } c ? WebhookJson.Text(c, "id") : WebhookJson.Text(root, "campaignId", "campaign_id");
            var conversation = WebhookJson.Text(root, "conversationId", "conversation_id");
            var timestamp = WebhookJson.Text(root, "timestamp", "createdAt", "created_at");
            var message = MessageText(root);
            var email = lead is { } withEmail ? WebhookJson.Email(WebhookJson.Text(withEmail, "emailAddress", "email_address", "email")) : null;
            return WebhookParseResult.Parsed(new EngagementEvent
            {
                Provider = ChannelNames.HeyReach,
                EventId = WebhookJson.Text(root, "id", "eventId", "event_id") is { } id ? ChannelNames.HeyReach + ":" + id : WebhookJson.HashId(ChannelNames.HeyReach, type, timestamp, profile, campaign, conversation, message),
                Kind = kind.Value,
                ProviderEventType = type,
                OccurredAt = WebhookJson.Time(root, "timestamp", "createdAt", "created_at"),
                LinkedInUrl = profile,
                Email = email,
                CampaignId = campaign,
                MessageId = conversation,
            });
        }
    }

    private static string? MessageText(JsonElement root)
    {
        if (WebhookJson.Text(root, "message") is { } text)
        {
            return text;
        }

        if (WebhookJson.Object(root, "message") is { } message)
        {
            return WebhookJson.Text(message, "body", "text", "message");
        }

        return root.TryGetProperty("recent_messages", out var recent) && recent.ValueKind == JsonValueKind.Array && recent.GetArrayLength() > 0
            ? WebhookJson.Text(recent[recent.GetArrayLength() - 1], "message", "body", "text")
            : null;
    }
}
