namespace Caio.Providers.Instantly.Internal;

/// <summary><c>providers check</c> and <c>campaigns</c> for Instantly.</summary>
internal sealed class InstantlyAdministration(IInstantlyClient client) : IProviderProbe, IProviderCampaigns
{
    public string Provider => InstantlyClient.ProviderName;

    public async Task<ProviderProbeResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var page = await client.ListCampaignsAsync(1, null, cancellationToken).ConfigureAwait(false);
            return new ProviderProbeResult(Provider, "ok", "campaigns readable");
        }
        catch (Exception ex) when (ex is CaioApiException or HttpRequestException)
        {
            return ProviderProbeResult.FromException(Provider, ex);
        }
    }

    public async Task<IReadOnlyList<ProviderCampaign>> ListCampaignsAsync(CancellationToken cancellationToken = default)
    {
        var campaigns = new List<ProviderCampaign>();
        string? cursor = null;
        do
        {
            var page = await client.ListCampaignsAsync(100, cursor, cancellationToken).ConfigureAwait(false);
            campaigns.AddRange(page.Items.Select(c => new ProviderCampaign(c.Id, c.Name, c.StatusName)));
            cursor = page.NextStartingAfter;
        }
        while (cursor is not null);
        return campaigns;
    }

    public Task ActivateCampaignAsync(string campaignId, CancellationToken cancellationToken = default) => client.ActivateCampaignAsync(campaignId, cancellationToken);

    public Task PauseCampaignAsync(string campaignId, CancellationToken cancellationToken = default) => client.PauseCampaignAsync(campaignId, cancellationToken);
}
