using System.Net;

namespace Caio.Providers.Internal;

/// <summary>
/// The innermost handler of every provider client, inside the resilience pipeline's attempt timeout. It reads each
/// answer's body before the attempt ends, so the attempt, read and send timeouts bound the whole answer and not only
/// its headers (a provider that sends headers and then stalls times out like one that never answers), and it keeps
/// <see cref="ProviderAttempts"/> on the request.
/// </summary>
internal sealed class ProviderAttemptHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempts = ProviderHttp.AttemptsOf(request);
        attempts.Sending();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            attempts.Unanswered();
            throw;
        }

        // The status decides: a refusal whose body then stalls was still a refusal, and a 2xx whose body stalls may have acted.
        attempts.Answered(response);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            attempts.RateLimited(ProviderHttp.RequestedWait(response));
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }
}
