using System.Text.Json;
using Caio.Engagement;
using Caio.Leads;
using Caio.Providers.Internal;

namespace Caio.Providers.GoHighLevel;

/// <summary>
/// Parses GoHighLevel (Marketplace app) webhook payloads into engagement events:
/// <c>InboundMessage</c> (email reply; automatic answers are told apart), <c>OutboundMessage</c> (sent),
/// <c>LCEmailStats</c> (<c>delivered</c>, <c>opened</c>, <c>clicked</c>, <c>failed</c> — permanent or
/// temporary —, <c>unsubscribed</c>, <c>complained</c>), <c>ContactDndUpdate</c> (DND on),
/// <c>ContactTagUpdate</c> (the DNC tag) and <c>AppointmentCreate</c> (meeting booked). The lead is
/// identified by <c>contactId</c> (and the address when present). The event id is <c>webhookId</c>
/// when present, otherwise a hash. Signature checking (<c>x-ghl-signature</c>) is the endpoint's job.
/// </summary>
public static class GoHighLevelWebhookParser
{
    /// <summary>Parses one payload.</summary>
    /// <param name="payload">The raw request body.</param>
    /// <param name="dncTag">The tag that marks do-not-contact. Default <c>caio-dnc</c>.</param>
    /// <returns>The event, an ignored type, or a rejection.</returns>
    public static WebhookParseResult Parse(ReadOnlySpan<byte> payload, string dncTag = "caio-dnc")
    {
        if (!WebhookJson.TryParseObject(payload, out var document, out var error))
        {
            return WebhookParseResult.Rejected(error!);
        }

        using (document)
        {
            var root = document!.RootElement;
            var type = WebhookJson.Text(root, "type");
            if (type is null)
            {
                return WebhookParseResult.Rejected("type is missing");
            }

            return type switch
            {
                "InboundMessage" or "OutboundMessage" => Message(root, type),
                "LCEmailStats" => EmailStats(root, type),
                "ContactDndUpdate" => WebhookJson.Text(root, "dnd") == "true" ? Contact(root, type, EngagementEventKind.Unsubscribed) : WebhookParseResult.Ignored("DND was switched off"),
                "ContactTagUpdate" => root.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.EnumerateArray().Any(t => string.Equals(t.GetString(), dncTag, StringComparison.OrdinalIgnoreCase))
                    ? Contact(root, type, EngagementEventKind.Unsubscribed)
                    : WebhookParseResult.Ignored("no do-not-contact tag"),
                "AppointmentCreate" => Contact(root, type, EngagementEventKind.MeetingBooked),
                _ => WebhookParseResult.Ignored($"ghl event type '{type}' is not an engagement event Caio acts on"),
            };
        }
    }

    private static WebhookParseResult Message(JsonElement root, string type)
    {
        if (!string.Equals(WebhookJson.Text(root, "messageType"), "Email", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookParseResult.Ignored($"{type} of message type '{WebhookJson.Text(root, "messageType")}' (only email is acted on)");
        }

        var kind = type == "OutboundMessage"
            ? EngagementEventKind.Sent
            : IsAutomatic(WebhookJson.Text(root, "subject"), WebhookJson.Text(root, "body")) ? EngagementEventKind.AutoReply : EngagementEventKind.Replied;
        var from = type == "InboundMessage" ? WebhookJson.Email(WebhookJson.Text(root, "from")) : ToAddress(root);
        return Contact(root, type, kind, from, WebhookJson.Text(root, "messageId", "emailMessageId"));
    }

    private static WebhookParseResult EmailStats(JsonElement root, string type)
    {
        if (WebhookJson.Object(root, "webhookPayload") is not { } stats)
        {
            return WebhookParseResult.Rejected("LCEmailStats: webhookPayload is missing");
        }

        var statsEvent = WebhookJson.Text(stats, "event")?.ToLowerInvariant();
        EngagementEventKind? kind = statsEvent switch
        {
            "delivered" => EngagementEventKind.Delivered,
            "opened" => EngagementEventKind.Opened,
            "clicked" => EngagementEventKind.Clicked,
            "unsubscribed" or "complained" => EngagementEventKind.Unsubscribed,
            "failed" or "bounced" => string.Equals(WebhookJson.Text(stats, "severity"), "temporary", StringComparison.OrdinalIgnoreCase) ? EngagementEventKind.BouncedSoft : EngagementEventKind.BouncedHard,
            _ => null,
        };
        if (kind is null)
        {
            return WebhookParseResult.Ignored($"LCEmailStats event '{statsEvent}' is not acted on");
        }

        if (WebhookJson.Email(WebhookJson.Text(stats, "recipient")) is not { } recipient)
        {
            return WebhookParseResult.Rejected("LCEmailStats: the recipient is missing or not an address");
        }

        var id = WebhookJson.Text(stats, "id");
        return WebhookParseResult.Parsed(new EngagementEvent
        {
            Provider = ChannelNames.GoHighLevel,
            EventId = WebhookJson.Text(root, "webhookId") is { } webhook ? ChannelNames.GoHighLevel + ":" + webhook : id is not null ? ChannelNames.GoHighLevel + ":stats:" + id + ":" + statsEvent : WebhookJson.HashId(ChannelNames.GoHighLevel, type, statsEvent, recipient, WebhookJson.Text(stats, "timestamp")),
            Kind = kind.Value,
            ProviderEventType = type + ":" + statsEvent,
            OccurredAt = WebhookJson.Time(stats, "timestamp"),
            Email = recipient,
            MessageId = id,
        });
    }

    private static WebhookParseResult Contact(JsonElement root, string type, EngagementEventKind kind, string? email = null, string? messageId = null)
    {
        var contact = WebhookJson.Text(root, "contactId", "contact_id") ?? (type.StartsWith("Contact", StringComparison.Ordinal) ? WebhookJson.Text(root, "id") : null);
        email ??= WebhookJson.Email(WebhookJson.Text(root, "email"));
        if (contact is null)
        {
            return WebhookParseResult.Rejected($"{type}: contactId is missing");
        }

        var timestamp = WebhookJson.Text(root, "timestamp", "dateAdded");
        return WebhookParseResult.Parsed(new EngagementEvent
        {
            Provider = ChannelNames.GoHighLevel,
            EventId = WebhookJson.Text(root, "webhookId") is { } webhook ? ChannelNames.GoHighLevel + ":" + webhook : WebhookJson.HashId(ChannelNames.GoHighLevel, type, contact, messageId, timestamp, kind.ToString()),
            Kind = kind,
            ProviderEventType = type,
            OccurredAt = WebhookJson.Time(root, "timestamp", "dateAdded"),
            ContactId = contact,
            Email = email,
            MessageId = messageId,
        });
    }

    private static string? ToAddress(JsonElement root) =>
        root.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array && to.GetArrayLength() > 0 ? WebhookJson.Email(to[0].GetString()) : null;

    private static bool IsAutomatic(string? subject, string? body)
    {
        string[] markers = ["out of office", "out-of-office", "automatic reply", "auto-reply", "autoreply", "abwesenheit", "on vacation", "away from the office"];
        return markers.Any(m => (subject ?? string.Empty).Contains(m, StringComparison.OrdinalIgnoreCase) || (body ?? string.Empty)[..Math.Min((body ?? string.Empty).Length, 300)].Contains(m, StringComparison.OrdinalIgnoreCase));
    }
}
