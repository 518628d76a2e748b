using System.Net;

namespace Caio.Providers;

/// <summary>The provider refused the API key (401) or its scopes (403). Never retried.</summary>
public sealed class CaioAuthenticationException : CaioApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">Provider name.</param>
    /// <param name="statusCode">401 or 403 (or 200 with an authentication error code).</param>
    /// <param name="message">What went wrong; names the setting that holds the key, never the key.</param>
    /// <param name="errorCode">The provider's error code.</param>
    /// <param name="requestId">The provider's request id.</param>
    public CaioAuthenticationException(string provider, HttpStatusCode? statusCode, string message, string? errorCode = null, string? requestId = null)
        : base(provider, statusCode, message, errorCode, requestId)
    {
    }
}
