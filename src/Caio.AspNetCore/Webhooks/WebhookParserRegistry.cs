namespace Caio.AspNetCore.Webhooks;

/// <summary>One provider's parser, registered with <c>AddCaioWebhookParser</c>.</summary>
internal sealed record WebhookParserRegistration(string Provider, WebhookPayloadParser Parser);

/// <summary>The parsers by provider; the last registration of a provider wins, so a host can replace a default.</summary>
internal sealed class WebhookParserRegistry(IEnumerable<WebhookParserRegistration> registrations)
{
    private readonly Dictionary<string, WebhookPayloadParser> _parsers =
        registrations.GroupBy(r => r.Provider, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Parser, StringComparer.OrdinalIgnoreCase);

    public WebhookPayloadParser? Find(string provider) => _parsers.GetValueOrDefault(provider);
}
