using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caio.Testing.Providers;

/// <summary>
/// A fake of GoHighLevel's LeadConnector API v2: <c>Authorization: Bearer</c> and a required
/// <c>Version</c> header (400 without), 100 requests per 10 s (429 with <c>X-RateLimit-*</c> headers,
/// which every answer carries), contacts (upsert, duplicate search by email, tags), conversations
/// (send an email, search by contact, read the thread), opportunities and pipelines. 422 answers use
/// the documented <c>{statusCode, message: [..], error}</c> shape. <see cref="UndeliveredRate"/> makes an
/// accepted email stay out of the thread. Side effects: <c>contact_created</c>, <c>message_sent</c>, <c>tag_added</c>.
/// </summary>
public sealed class FakeGoHighLevelServer : FakeProviderServer
{
    private readonly ConcurrentDictionary<string, JsonObject> _contacts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonArray> _threads = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sequence;

    /// <summary>Creates the fake.</summary>
    /// <param name="apiKey">The only token it accepts.</param>
    /// <param name="locationId">The location it serves.</param>
    /// <param name="timeProvider">Clock; default the system clock.</param>
    public FakeGoHighLevelServer(string apiKey = "ghl-test-token", string locationId = "loc-1", TimeProvider? timeProvider = null)
        : base(apiKey, timeProvider)
    {
        LocationId = locationId;
    }

    /// <summary>The location it serves.</summary>
    public string LocationId { get; }

    /// <summary>Share of accepted emails that do not appear in the thread (delivery not provable).</summary>
    public double UndeliveredRate { get; set; }

    /// <inheritdoc />
    protected override IReadOnlyList<(int Permits, TimeSpan Window)> RateLimits { get; } = [(100, TimeSpan.FromSeconds(10))];

    /// <summary>Adds a contact directly.</summary>
    /// <param name="email">Address.</param>
    /// <param name="tags">Tags.</param>
    /// <param name="dnd">Do-not-disturb.</param>
    /// <returns>Its id.</returns>
    public string AddContact(string email, IEnumerable<string>? tags = null, bool dnd = false)
    {
        var id = NextId("ct");
        _contacts[id] = new JsonObject { ["id"] = id, ["locationId"] = LocationId, ["email"] = email.ToLowerInvariant(), ["tags"] = new JsonArray([.. (tags ?? []).Select(t => (JsonNode)t)]), ["dnd"] = dnd };
        return id;
    }

    /// <inheritdoc />
    protected override bool IsAuthorized(HttpRequest request) => request.Headers.Authorization.ToString() == "Bearer " + ApiKey;

    /// <inheritdoc />
    protected override Task WriteUnauthorizedAsync(HttpResponse response)
    {
        response.StatusCode = 401;
        response.ContentType = "application/json";
        return response.WriteAsync("{\"statusCode\":401,\"message\":\"Invalid JWT\",\"error\":\"Unauthorized\"}");
    }

    /// <inheritdoc />
    protected override Task WriteRateLimitedAsync(HttpResponse response, TimeSpan retryAfter)
    {
        response.StatusCode = 429;
        response.Headers["X-RateLimit-Max"] = "100";
        response.Headers["X-RateLimit-Remaining"] = "0";
        response.Headers["X-RateLimit-Interval-Milliseconds"] = ((int)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Limit-Daily"] = "200000";
        response.Headers["X-RateLimit-Daily-Remaining"] = "199000";
        response.ContentType = "application/json";
        return response.WriteAsync("{\"statusCode\":429,\"message\":\"Too many requests\"}");
    }

    /// <inheritdoc />
    protected override async Task ServeAsync(FakeCall call)
    {
        call.Context.Response.Headers["X-RateLimit-Max"] = "100";
        call.Context.Response.Headers["X-RateLimit-Interval-Milliseconds"] = "10000";
        var version = call.Context.Request.Headers["Version"].ToString();
        var segments = call.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var expected = segments.Length > 0 && segments[0] == "conversations" ? "2021-04-15" : "2021-07-28";
        if (version != expected)
        {
            await call.JsonAsync(400, new JsonObject { ["statusCode"] = 400, ["message"] = $"Version header must be {expected}" }).ConfigureAwait(false);
            return;
        }

        var body = ParseBody(call.Body) as JsonObject;
        switch (call.Method, segments)
        {
            case ("POST", ["contacts", "upsert"]):
                await UpsertAsync(call, body).ConfigureAwait(false);
                return;
            case ("GET", ["contacts", "search", "duplicate"]):
                var email = call.Query("email")?.ToLowerInvariant();
                var found = _contacts.Values.FirstOrDefault(c => (string?)c["email"] == email);
                await call.JsonAsync(200, new JsonObject { ["contact"] = found?.DeepClone() }).ConfigureAwait(false);
                return;
            case ("POST", ["contacts", var id, "tags"]):
                await TagAsync(call, id, body).ConfigureAwait(false);
                return;
            case ("POST", ["conversations", "messages"]):
                await SendAsync(call, body).ConfigureAwait(false);
                return;
            case ("GET", ["conversations", "search"]):
                var contact = call.Query("contactId") ?? string.Empty;
                var conversations = _threads.ContainsKey(contact) ? new JsonArray(new JsonObject { ["id"] = "conv-" + contact, ["contactId"] = contact }) : [];
                await call.JsonAsync(200, new JsonObject { ["conversations"] = conversations, ["total"] = conversations.Count }).ConfigureAwait(false);
                return;
            case ("GET", ["conversations", var conversation, "messages"]):
                var thread = conversation.StartsWith("conv-", StringComparison.Ordinal) && _threads.TryGetValue(conversation[5..], out var messages) ? messages.DeepClone() : null;
                await (thread is null ? call.JsonAsync(404, new JsonObject { ["statusCode"] = 404, ["message"] = "Conversation not found" }) : call.JsonAsync(200, new JsonObject { ["messages"] = new JsonObject { ["lastMessageId"] = null, ["nextPage"] = false, ["messages"] = thread } })).ConfigureAwait(false);
                return;
            case ("GET", ["opportunities", "search"]):
                await call.JsonAsync(200, new JsonObject { ["opportunities"] = new JsonArray(), ["meta"] = new JsonObject { ["total"] = 0 } }).ConfigureAwait(false);
                return;
            case ("GET", ["opportunities", "pipelines"]):
                await call.JsonAsync(200, new JsonObject { ["pipelines"] = new JsonArray(new JsonObject { ["id"] = "p1", ["name"] = "Sales", ["stages"] = new JsonArray(new JsonObject { ["id"] = "s1", ["name"] = "New" }) }) }).ConfigureAwait(false);
                return;
            default:
                await call.JsonAsync(404, new JsonObject { ["statusCode"] = 404, ["message"] = $"Cannot {call.Method} {call.Path}" }).ConfigureAwait(false);
                return;
        }
    }

    private static Task UnprocessableAsync(FakeCall call, string message) =>
        call.JsonAsync(422, new JsonObject { ["statusCode"] = 422, ["message"] = new JsonArray(message), ["error"] = "Unprocessable Entity" });

    private async Task UpsertAsync(FakeCall call, JsonObject? body)
    {
        var email = ((string?)body?["email"])?.Trim().ToLowerInvariant();
        if ((string?)body?["locationId"] != LocationId || email is null || !email.Contains('@', StringComparison.Ordinal))
        {
            await UnprocessableAsync(call, (string?)body?["locationId"] != LocationId ? "locationId must be the token's location" : "email must be an email").ConfigureAwait(false);
            return;
        }

        JsonObject contact;
        bool created;
        lock (_gate)
        {
            var existing = _contacts.Values.FirstOrDefault(c => (string?)c["email"] == email);
            created = existing is null;
            contact = existing ?? _contacts[AddContact(email)];
            var tags = (JsonArray)contact["tags"]!;
            foreach (var tag in (body!["tags"] as JsonArray ?? []).Select(t => (string?)t).OfType<string>())
            {
                if (!tags.Any(t => (string?)t == tag))
                {
                    tags.Add(tag);
                }
            }
        }

        if (created)
        {
            RecordSideEffect("contact_created", email, null, (string)contact["id"]!);
        }

        await call.JsonAsync(200, new JsonObject { ["new"] = created, ["contact"] = contact.DeepClone(), ["traceId"] = Guid.NewGuid().ToString("N") }).ConfigureAwait(false);
    }

    private async Task TagAsync(FakeCall call, string id, JsonObject? body)
    {
        if (!_contacts.TryGetValue(id, out var contact))
        {
            await call.JsonAsync(400, new JsonObject { ["statusCode"] = 400, ["message"] = "Contact not found" }).ConfigureAwait(false);
            return;
        }

        lock (_gate)
        {
            var tags = (JsonArray)contact["tags"]!;
            foreach (var tag in (body?["tags"] as JsonArray ?? []).Select(t => (string?)t).OfType<string>().Where(t => !tags.Any(x => (string?)x == t)).ToList())
            {
                tags.Add(tag);
                RecordSideEffect("tag_added", (string?)contact["email"], null, tag);
            }
        }

        await call.JsonAsync(201, new JsonObject { ["tags"] = contact["tags"]!.DeepClone() }).ConfigureAwait(false);
    }

    private async Task SendAsync(FakeCall call, JsonObject? body)
    {
        var contactId = (string?)body?["contactId"];
        if ((string?)body?["type"] != "Email" || contactId is null || string.IsNullOrWhiteSpace((string?)body["subject"]) || (body["html"] is null && body["message"] is null))
        {
            await UnprocessableAsync(call, "type Email, contactId, subject and html or message are required").ConfigureAwait(false);
            return;
        }

        if (!_contacts.TryGetValue(contactId, out var contact))
        {
            await call.JsonAsync(400, new JsonObject { ["statusCode"] = 400, ["message"] = "Contact not found" }).ConfigureAwait(false);
            return;
        }

        var messageId = NextId("msg");
        lock (_gate)
        {
            var thread = _threads.GetOrAdd(contactId, _ => []);
            if (!Faults.Roll(UndeliveredRate))
            {
                thread.Add(new JsonObject { ["id"] = messageId, ["direction"] = "outbound", ["status"] = "delivered", ["messageType"] = "TYPE_EMAIL", ["subject"] = body["subject"]!.DeepClone(), ["body"] = (body["html"] ?? body["message"])!.DeepClone(), ["contactId"] = contactId });
            }

            RecordSideEffect("message_sent", (string?)contact["email"], null, "conv-" + contactId);
        }

        if (!await call.AfterSideEffectAsync().ConfigureAwait(false))
        {
            await call.JsonAsync(200, new JsonObject { ["conversationId"] = "conv-" + contactId, ["messageId"] = messageId, ["emailMessageId"] = "em-" + messageId, ["msg"] = "Message queued successfully.", ["status"] = "pending" }).ConfigureAwait(false);
        }
    }

    private string NextId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{Interlocked.Increment(ref _sequence):D7}");
}
