using System.Net;
using System.Text;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Caio.Providers.Internal;

/// <summary>Turns provider error answers and pipeline refusals into <see cref="CaioApiException"/>s without ever echoing the key.</summary>
internal static class ProviderErrors
{
    private const int MaxBody = 4096;
    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "x-trace-id", "traceid", "x-amzn-requestid"];

    /// <summary>Builds the exception for an unsuccessful response.</summary>
    public static async Task<CaioApiException> FromResponseAsync(string provider, HttpResponseMessage response, string? secret, string keySetting, CancellationToken cancellationToken)
    {
        string? body = null;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            body = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxBody));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The body could not be read: the status alone describes the error.
        }

        // The whole answer is redacted before anything is taken from it: every field (code, message, request id)
        // and every cut of it (a long text is shortened) then comes from text that no longer holds the key.
        // Each field again once parsed: a key the answer wrote with JSON escapes (\/, \u002B) only shows once unescaped.
        var (code, message, traceId) = Parse(Redact(body, secret));
        code = Redact(code, secret);
        var requestId = Redact(traceId ?? RequestId(response), secret);
        message = Redact(message, secret) is { } text ? Truncate(text) : response.ReasonPhrase ?? "error";
        var status = response.StatusCode;
        return (int)status switch
        {
            401 or 403 => new CaioAuthenticationException(provider, status, $"{provider} refused the API key ({(int)status}): {message}. Check {keySetting} and the key's scopes.", code, requestId),
            429 => new CaioRateLimitException(provider, $"{provider} rate limit exceeded: {message}", ProviderHttp.RequestedWait(response), code, requestId),
            _ => new CaioApiException(provider, status, $"{provider} answered {(int)status}: {message}", code, requestId, ProviderHttp.RequestedWait(response)),
        };
    }

    /// <summary>Maps what the pipeline throws to <see cref="CaioApiException"/>, keeping the original as inner exception; anything else is returned unchanged.</summary>
    /// <param name="provider">Provider name.</param>
    /// <param name="exception">What the pipeline threw.</param>
    /// <param name="attempts">
    /// What the call's attempts did. A timeout while none of them may have reached the provider (the call waited in
    /// the client-side limiter's queue, or out a 429's wait) is the rate limit's, not an unknown outcome.
    /// </param>
    public static Exception Wrap(string provider, Exception exception, ProviderAttempts? attempts = null) => exception switch
    {
        CaioApiException => exception,
        TimeoutRejectedException timeout when attempts is { MayHaveActed: false } => new CaioRateLimitException(
            provider,
            $"{provider}: nothing was sent within {timeout.Timeout}: the call waited for the rate limit ({(attempts.RequestedWait is { } wait ? $"{provider} asked to wait {wait}" : "the client-side limit's window was full")})",
            attempts.RequestedWait,
            "rate_limit_wait"),
        BrokenCircuitException broken => new CaioApiException(provider, null, $"{provider} is unavailable: its circuit is open after repeated failures", "circuit_open", innerException: broken),
        RateLimiterRejectedException limited => new CaioRateLimitException(provider, $"{provider}: the client-side rate limiter's queue is full", limited.RetryAfter),
        TimeoutRejectedException timeout => new CaioApiException(provider, null, $"{provider} did not answer in time ({timeout.Timeout})", "timeout", innerException: timeout),
        HttpRequestException http => new CaioApiException(provider, http.StatusCode, $"{provider} could not be reached: {http.Message}", "unreachable", innerException: http),
        _ => exception,
    };

    /// <summary>
    /// The error of a call one of whose earlier attempts may have been acted on (<see cref="ProviderAttempts.EndedAmbiguous"/>):
    /// an error that says the provider did not act (a refusal, a 429, an open circuit, a full limiter) only speaks for
    /// the last attempt, so the call's outcome is unknown. Other errors are returned unchanged.
    /// </summary>
    public static Exception AfterAmbiguousAttempt(string provider, Exception error) =>
        error is CaioApiException api && (api.IsDefinite || api is CaioRateLimitException || NeverSent(api))
            ? new CaioApiException(provider, null, $"{api.Message}; an earlier attempt may have reached {provider}, so whether it acted is unknown", "outcome_unknown", api.RequestId, innerException: api)
            : error;

    /// <summary>Whether an exception proves the request never reached the provider (breaker open, rate limiter full).</summary>
    public static bool NeverSent(Exception exception) =>
        exception is BrokenCircuitException or RateLimiterRejectedException || exception.InnerException is BrokenCircuitException or RateLimiterRejectedException;

    private static (string? Code, string? Message, string? TraceId) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Truncate(body), null);
            }

            var root = document.RootElement;
            var message = Text(root, "message") ?? Text(root, "errorMessage") ?? Text(root, "title") ?? Text(root, "msg");
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var fields = errors.EnumerateObject().Select(p => p.Name + ": " + string.Join(" ", p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(v => v.ToString()) : [p.Value.ToString()]));
                message = (message is null ? string.Empty : message + " ") + string.Join("; ", fields);
            }

            return (Text(root, "error") ?? Text(root, "code") ?? Text(root, "errorCode"), message, Text(root, "traceId") ?? Text(root, "requestId"));
        }
        catch (JsonException)
        {
            return (null, Truncate(body), null);
        }
    }

    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(v => v.ToString())),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static string? RequestId(HttpResponseMessage response)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>The text with every occurrence of the key replaced; applied before the text is parsed or shortened.</summary>
    internal static string? Redact(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);

    /// <summary>Whether a status proves the provider did not act.</summary>
    public static bool IsDefinite(HttpStatusCode status) => ProviderHttp.IsDefinite(status);
}
