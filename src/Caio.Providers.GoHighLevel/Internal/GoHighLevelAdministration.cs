namespace Caio.Providers.GoHighLevel.Internal;

/// <summary><c>providers check</c> for GoHighLevel: reads the location's pipelines.</summary>
internal sealed class GoHighLevelAdministration(IGoHighLevelClient client) : IProviderProbe
{
    public string Provider => GoHighLevelClient.ProviderName;

    public async Task<ProviderProbeResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await client.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
            return new ProviderProbeResult(Provider, "ok", "pipelines readable");
        }
        catch (Exception ex) when (ex is CaioApiException or HttpRequestException)
        {
            return ProviderProbeResult.FromException(Provider, ex);
        }
    }
}
