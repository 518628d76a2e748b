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
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        attempts.Answered(response);
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
