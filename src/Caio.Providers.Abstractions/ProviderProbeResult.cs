namespace Caio.Providers;

/// <summary>The answer of a probe.</summary>
/// <param name="Provider">Provider name.</param>
/// <param name="Status"><c>ok</c>, <c>unauthorized</c>, <c>unreachable</c> or <c>error</c>.</param>
/// <param name="Detail">What was seen (status code, error code, request id), never the key.</param>
[System.Diagnostics.CodeAnalysis.Experimental(Caio.Diagnostics.Experiments.ProviderAdministration)]
public sealed record ProviderProbeResult(string Provider, string Status, string? Detail = null)
{
    /// <summary>Classifies an exception thrown by a probe's call.</summary>
    /// <param name="provider">Provider name.</param>
    /// <param name="exception">What the call threw.</param>
    /// <returns>The result.</returns>
    public static ProviderProbeResult FromException(string provider, Exception exception) => exception switch
    {
        CaioAuthenticationException auth => new(provider, "unauthorized", auth.Describe()),
        CaioApiException { StatusCode: null } api => new(provider, "unreachable", api.Describe()),
        CaioApiException api => new(provider, "error", api.Describe()),
        HttpRequestException http => new(provider, "unreachable", http.Message),
        OperationCanceledException => new(provider, "unreachable", "no answer before the probe was cancelled or timed out"),
        _ => new(provider, "unreachable", exception.Message),
    };
}
