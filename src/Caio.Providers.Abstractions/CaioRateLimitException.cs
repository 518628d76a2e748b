using System.Net;

namespace Caio.Providers;

/// <summary>The provider answered 429 and the client could not wait it out within its retry budget.</summary>
public sealed class CaioRateLimitException : CaioApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">Provider name.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="retryAfter">How long the provider asked to wait.</param>
    /// <param name="errorCode">The provider's error code.</param>
    /// <param name="requestId">The provider's request id.</param>
    public CaioRateLimitException(string provider, string message, TimeSpan? retryAfter, string? errorCode = null, string? requestId = null)
        : base(provider, HttpStatusCode.TooManyRequests, message, errorCode, requestId, retryAfter)
    {
    }
}
