using System.Globalization;
using System.Net;

namespace Caio.Providers;

/// <summary>
/// A provider answered with an error, or could not be reached in a way the caller must know about.
/// Carries the provider, the HTTP status, the provider's own error code, the request id for support
/// tickets and the wait the provider asked for; never the API key or a message body.
/// </summary>
public class CaioApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">Provider name (<c>instantly</c>, <c>heyreach</c>, <c>ghl</c>).</param>
    /// <param name="statusCode">HTTP status, when the provider answered.</param>
    /// <param name="message">What went wrong, in the caller's terms.</param>
    /// <param name="errorCode">The provider's error code, when it sent one.</param>
    /// <param name="requestId">The provider's request or trace id, when it sent one.</param>
    /// <param name="retryAfter">How long the provider asked to wait, when it did.</param>
    /// <param name="innerException">The underlying error.</param>
    public CaioApiException(string provider, HttpStatusCode? statusCode, string message, string? errorCode = null, string? requestId = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider ?? throw new ArgumentNullException(nameof(provider));
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>Provider name (<c>instantly</c>, <c>heyreach</c>, <c>ghl</c>).</summary>
    public string Provider { get; }

    /// <summary>HTTP status, when the provider answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The provider's error code (e.g. Instantly's <c>ACC_AUTH_ERROR</c>), when it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The provider's request or trace id, for support.</summary>
    public string? RequestId { get; }

    /// <summary>How long the provider asked to wait before the next call, when it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Whether the provider definitely did not act on the request (an answer in the 4xx range other
    /// than 408): a send that failed this way did not go out.
    /// </summary>
    public bool IsDefinite => StatusCode is { } status && (int)status is >= 400 and < 500 and not 408;

    /// <summary>A one-line description: the message, then status, error code and request id when known.</summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        var parts = new List<string>(3);
        if (StatusCode is { } status)
        {
            parts.Add("status " + ((int)status).ToString(CultureInfo.InvariantCulture));
        }

        if (ErrorCode is not null)
        {
            parts.Add("code " + ErrorCode);
        }

        if (RequestId is not null)
        {
            parts.Add("request " + RequestId);
        }

        return parts.Count == 0 ? Message : $"{Message} ({string.Join(", ", parts)})";
    }
}
