using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Internal;
using Caio.Engagement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Webhooks;

/// <summary>
/// <c>POST /webhooks/instantly[/{event}]</c>, <c>/webhooks/heyreach</c>, <c>/webhooks/clay</c>,
/// <c>/webhooks/rb2b</c> and <c>GET /webhooks/{provider}/health</c>. Order per request: size (413),
/// authentication (401/503, before parsing), JSON (400 with a reason; also a body nested deeper than the inbox
/// stores, <see cref="WebhookInbox.MaxBodyDepth"/>), dedupe (200 "duplicate"), a durable accept (200, or 503 when the
/// state store fails, so the provider retries), then asynchronous processing.
/// </summary>
internal static partial class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder hooks)
    {
        hooks.MapPost("/instantly", (HttpContext c, WebhookServices s) => ReceiveAsync(WebhookProvider.Instantly, null, c, s));
        hooks.MapPost("/instantly/{event}", (string @event, HttpContext c, WebhookServices s) => ReceiveAsync(WebhookProvider.Instantly, @event, c, s));
        hooks.MapPost("/heyreach", (HttpContext c, WebhookServices s) => ReceiveAsync(WebhookProvider.HeyReach, null, c, s));
        hooks.MapPost("/clay", (HttpContext c, WebhookServices s) => ReceiveAsync(WebhookProvider.Clay, null, c, s));
        hooks.MapPost("/rb2b", (HttpContext c, WebhookServices s) => ReceiveAsync(WebhookProvider.Rb2b, null, c, s));
        hooks.MapGet("/{provider}/health", (string provider, IOptions<CaioDashboardOptions> options, TimeProvider time) =>
        {
            if (WebhookProvider.Find(provider) is not { } p)
            {
                return Problems.Result(404, "Not Found", $"No webhook provider '{provider}'.", "unknown_provider");
            }

            var o = options.Value;
            var now = time.GetUtcNow();
            var authed = p.Authed(o, now);
            return Results.Json(new JsonObject
            {
                ["status"] = !o.WebhookStrictInEffect || authed ? "healthy" : "not_ready",
                ["provider"] = p.Name,
                ["secret_configured"] = p.Secret(o) is not null,
                ["bearer_configured"] = p.Bearer(o) is not null,
                ["standard_webhooks_configured"] = o.StandardWebhooksSecrets.Count > 0,
                ["unsigned_allowlisted"] = p.UnsignedAllowlisted(o, now),
                ["signature_strict_mode"] = o.WebhookStrictInEffect,
                ["authed"] = authed,
                ["ready"] = !o.WebhookStrictInEffect || authed,
                ["icp_engine_enabled"] = true,
            });
        });
    }

    private static async Task<IResult> ReceiveAsync(WebhookProvider provider, string? routeEvent, HttpContext context, WebhookServices services)
    {
        var options = services.Options.Value;
        var max = options.MaxWebhookBodyBytes;
        if (context.Request.ContentLength > max)
        {
            return Problems.Result(413, "Payload Too Large", $"The body is larger than {max} bytes.", "payload_too_large");
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request.Body, max, context.RequestAborted).ConfigureAwait(false) ?? [];
            if (body.Length > max)
            {
                return Problems.Result(413, "Payload Too Large", $"The body is larger than {max} bytes.", "payload_too_large");
            }
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException)
        {
            return Problems.Result(400, "Bad Request", "The body could not be read: " + ex.Message, "unreadable_body");
        }

        var auth = services.Authenticator.Authenticate(provider, context.Request.Headers, body);
        if (!auth.Allowed)
        {
            return Problems.Result(auth.Status, auth.Status == 503 ? "Service Unavailable" : "Unauthorized", auth.Detail, auth.Status == 503 ? "webhook_auth_not_configured" : "webhook_unauthenticated");
        }

        string eventId;
        string eventName;
        if (services.Parsers.Find(provider.Name) is { } parser && TryParse(parser, body) is { } parsed)
        {
            switch (parsed.Status)
            {
                case WebhookParseStatus.Rejected:
                    return Problems.Result(400, "Bad Request", parsed.Reason ?? "Invalid payload", "invalid_payload");
                case WebhookParseStatus.Ignored:
                    return Results.Json(new JsonObject { ["status"] = "ignored", ["provider"] = provider.Name, ["event"] = routeEvent ?? "unknown", ["reason"] = parsed.Reason });
            }

            eventId = context.Request.Headers["webhook-id"].ToString() is { Length: > 0 } headerId ? headerId : parsed.Event!.EventId;
            eventName = parsed.Event!.ProviderEventType;
        }
        else
        {
            // Enrichment and visitor payloads (Clay, RB2B) reuse record ids across updates: without a
            // webhook-id header only a byte-identical retry is a duplicate.
            if (!TryReadObject(body, out var type, out var error))
            {
                return Problems.Result(400, "Bad Request", "Invalid JSON: " + error, "invalid_json");
            }

            eventId = context.Request.Headers["webhook-id"].ToString() is { Length: > 0 } headerId ? headerId : Convert.ToHexStringLower(SHA256.HashData(body));
            eventName = type ?? "UNKNOWN";
        }

        bool accepted;
        try
        {
            accepted = await services.Inbox.AcceptAsync(provider.Name, eventId, routeEvent, auth.Method, body, options.WebhookDedupeHorizon, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InboxRefusedException ex)
        {
            return Problems.Result(400, "Bad Request", "Invalid JSON: " + ex.Message, "invalid_json");
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            // Nothing was acknowledged: the provider retries the delivery.
            LogAcceptFailed(services.Logger, provider.Name, ex);
            context.Response.Headers.RetryAfter = "5";
            return Problems.Result(503, "Service Unavailable", "The event could not be stored; retry later.", "webhook_inbox_unavailable");
        }

        if (!accepted)
        {
            return Results.Json(new JsonObject { ["status"] = "duplicate", ["provider"] = provider.Name, ["event_id"] = eventId });
        }

        services.Processor.Signal();
        return Results.Json(new JsonObject
        {
            ["status"] = provider == WebhookProvider.HeyReach ? "ok" : "received",
            ["provider"] = provider.Name,
            ["event"] = routeEvent ?? (provider == WebhookProvider.HeyReach ? eventName.ToUpperInvariant() : eventName),
            ["event_id"] = eventId,
        });
    }

    /// <summary>
    /// A parser that throws is a bug, not bad input: the body is then accepted by its hash and the inbox
    /// processor retries it, so a parser fix processes the event instead of losing it.
    /// </summary>
    private static WebhookParseResult? TryParse(WebhookPayloadParser parser, byte[] body)
    {
        try
        {
            return parser(body);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Reads at most <paramref name="max"/> + 1 bytes, so an oversize body without a length is still refused.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(max + 1, 16 * 1024));
        while (buffer.WrittenCount <= max)
        {
            var memory = buffer.GetMemory(Math.Min(16 * 1024, max + 1 - buffer.WrittenCount + 1));
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryReadObject(byte[] body, out string? type, out string? error)
    {
        type = error = null;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = WebhookInbox.MaxBodyDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the body must be a JSON object";
                return false;
            }

            foreach (var name in (string[])["event_type", "eventType", "type"])
            {
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    type = value.GetString();
                    break;
                }
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message.Split(" Path:", 2)[0];
            return false;
        }
    }

    [LoggerMessage(EventId = 4116, Level = LogLevel.Error, Message = "A {Provider} webhook could not be stored in the inbox; it was answered 503 so the provider retries it.")]
    private static partial void LogAcceptFailed(ILogger logger, string provider, Exception exception);
}

/// <summary>What a webhook request needs, resolved once per request.</summary>
internal sealed record WebhookServices(IOptions<CaioDashboardOptions> Options, WebhookAuthenticator Authenticator, WebhookParserRegistry Parsers, WebhookInbox Inbox, WebhookInboxProcessor Processor, ILogger<WebhookInbox> Logger);
