using System.Net.Http.Json;
using System.Text.Json;
using Caio.Leads;
using Caio.Providers.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Providers.GoHighLevel.Internal;

/// <summary>The GoHighLevel LeadConnector API v2 client.</summary>
internal sealed class GoHighLevelClient : IGoHighLevelClient
{
    public const string ProviderName = ChannelNames.GoHighLevel;
    private readonly ProviderClient _client;
    private readonly string _location;

    public GoHighLevelClient(HttpClient http, IOptions<GoHighLevelOptions> options)
    {
        _client = new ProviderClient(http, ProviderName, options.Value.ApiKey, $"{GoHighLevelOptions.SectionName}:ApiKey ({GoHighLevelOptions.ApiKeyVariable})");
        _location = options.Value.LocationId ?? string.Empty;
    }

    public async Task<GhlContact> UpsertContactAsync(GhlContactUpsert contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var body = new UpsertRequest(_location, contact.Email, contact.FirstName, contact.LastName, contact.CompanyName, contact.Tags, contact.Source);

        // An upsert by email is idempotent: retried like a read.
        using var request = Create(HttpMethod.Post, "contacts/upsert", GoHighLevelOptions.ContactsVersion, ProviderRequestKind.DedupedSend, JsonContent.Create(body, GhlJsonContext.Default.UpsertRequest));
        var response = await _client.SendAsync(request, GhlJsonContext.Default.UpsertResponse, cancellationToken).ConfigureAwait(false);
        return response.Contact ?? throw new CaioApiException(ProviderName, System.Net.HttpStatusCode.OK, "ghl answered the upsert without a contact", "malformed_response");
    }

    public async Task<GhlContact?> FindContactByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        using var request = Create(HttpMethod.Get, $"contacts/search/duplicate?locationId={Uri.EscapeDataString(_location)}&email={Uri.EscapeDataString(email)}", GoHighLevelOptions.ContactsVersion, ProviderRequestKind.Read);
        return (await _client.SendAsync(request, GhlJsonContext.Default.ContactResponse, cancellationToken).ConfigureAwait(false)).Contact;
    }

    public async Task AddTagsAsync(string contactId, IReadOnlyList<string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contactId);
        ArgumentNullException.ThrowIfNull(tags);
        using var request = Create(HttpMethod.Post, $"contacts/{Uri.EscapeDataString(contactId)}/tags", GoHighLevelOptions.ContactsVersion, ProviderRequestKind.DedupedSend, JsonContent.Create(new TagsRequest(tags), GhlJsonContext.Default.TagsRequest));
        await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<GhlSendResult> SendEmailAsync(GhlEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var body = new SendRequest("Email", email.ContactId, email.Subject, email.Html, email.Text, email.EmailFrom);
        using var request = Create(HttpMethod.Post, "conversations/messages", GoHighLevelOptions.ConversationsVersion, ProviderRequestKind.Send, JsonContent.Create(body, GhlJsonContext.Default.SendRequest));
        return await _client.SendAsync(request, GhlJsonContext.Default.GhlSendResult, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> FindConversationAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contactId);
        using var request = Create(HttpMethod.Get, $"conversations/search?locationId={Uri.EscapeDataString(_location)}&contactId={Uri.EscapeDataString(contactId)}", GoHighLevelOptions.ConversationsVersion, ProviderRequestKind.Read);
        using var document = await _client.SendForDocumentAsync(request, cancellationToken).ConfigureAwait(false);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("conversations", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => WebhookJson.Text(c, "id")).FirstOrDefault(id => id is not null)
            : null;
    }

    public async Task<IReadOnlyList<GhlMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        using var request = Create(HttpMethod.Get, $"conversations/{Uri.EscapeDataString(conversationId)}/messages", GoHighLevelOptions.ConversationsVersion, ProviderRequestKind.Read);
        using var document = await _client.SendForDocumentAsync(request, cancellationToken).ConfigureAwait(false);

        // Documented shape {messages: {messages: [...], nextPage, lastMessageId}}; a flat {messages: [...]} is accepted too.
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages))
        {
            return [];
        }

        if (messages.ValueKind == JsonValueKind.Object && messages.TryGetProperty("messages", out var inner))
        {
            messages = inner;
        }

        return messages.ValueKind != JsonValueKind.Array
            ? []
            : [.. messages.EnumerateArray()
                .Where(m => WebhookJson.Text(m, "id") is not null)
                .Select(m => new GhlMessage(WebhookJson.Text(m, "id")!, WebhookJson.Text(m, "direction"), WebhookJson.Text(m, "status"), WebhookJson.Text(m, "subject"), WebhookJson.Text(m, "body", "html", "message")))];
    }

    public async Task<IReadOnlyList<GhlOpportunity>> SearchOpportunitiesAsync(string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contactId);
        using var request = Create(HttpMethod.Get, $"opportunities/search?location_id={Uri.EscapeDataString(_location)}&contact_id={Uri.EscapeDataString(contactId)}", GoHighLevelOptions.ContactsVersion, ProviderRequestKind.Read);
        return (await _client.SendAsync(request, GhlJsonContext.Default.OpportunitiesResponse, cancellationToken).ConfigureAwait(false)).Opportunities ?? [];
    }

    public async Task<IReadOnlyList<GhlPipeline>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        using var request = Create(HttpMethod.Get, $"opportunities/pipelines?locationId={Uri.EscapeDataString(_location)}", GoHighLevelOptions.ContactsVersion, ProviderRequestKind.Read);
        return (await _client.SendAsync(request, GhlJsonContext.Default.PipelinesResponse, cancellationToken).ConfigureAwait(false)).Pipelines ?? [];
    }

    private static HttpRequestMessage Create(HttpMethod method, string path, string version, ProviderRequestKind kind, HttpContent? content = null)
    {
        var request = ProviderHttp.Create(method, path, kind, content);
        request.Headers.Add("Version", version);
        return request;
    }
}
