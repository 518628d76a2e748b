using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Caio.Providers.Internal;

/// <summary>
/// What every typed provider client does around one call: send through the pipeline, map error
/// answers and pipeline refusals to <see cref="CaioApiException"/>, read the JSON answer (a body that
/// cannot be read is an error too: on a send its outcome is unknown).
/// </summary>
/// <param name="http">The typed client's HttpClient.</param>
/// <param name="provider">Provider name.</param>
/// <param name="secret">The key, only to redact it from echoed error text.</param>
/// <param name="keySetting">Setting that holds the key, named in authentication errors.</param>
internal sealed class ProviderClient(HttpClient http, string provider, string? secret, string keySetting)
{
    public string Provider => provider;

    public HttpClient Http => http;

    /// <summary>The text with the key replaced, for provider text read outside <see cref="SendRawAsync"/>'s error path.</summary>
    public string? Redact(string? text) => ProviderErrors.Redact(text, secret);

    public async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var value = await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false);
            return value ?? throw Malformed("an empty answer", null);
        }
        catch (JsonException ex)
        {
            throw Malformed("a malformed answer", ex);
        }
        catch (NotSupportedException ex)
        {
            throw Malformed("an answer that is not JSON", ex);
        }
    }

    public async Task<JsonDocument> SendForDocumentAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw Malformed("a malformed answer", ex);
        }
    }

    public async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var wrapped = Settle(request, ProviderErrors.Wrap(provider, ex, ProviderHttp.AttemptsOf(request)));
            if (ReferenceEquals(wrapped, ex))
            {
                throw;
            }

            throw wrapped;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw Settle(request, await ProviderErrors.FromResponseAsync(provider, response, secret, keySetting, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// A request that changes something, one of whose attempts may have been acted on before the last one failed: its
    /// error cannot say the provider did not act (<see cref="ProviderErrors.AfterAmbiguousAttempt"/>). Reads keep theirs.
    /// </summary>
    private Exception Settle(HttpRequestMessage request, Exception error) =>
        request.Options.TryGetValue(ProviderHttp.KindKey, out var kind) && kind != ProviderRequestKind.Read && ProviderHttp.AttemptsOf(request).EndedAmbiguous
            ? ProviderErrors.AfterAmbiguousAttempt(provider, error)
            : error;

    private CaioApiException Malformed(string what, Exception? inner) =>
        new(provider, System.Net.HttpStatusCode.OK, $"{provider} sent {what}", "malformed_response", innerException: inner);
}
