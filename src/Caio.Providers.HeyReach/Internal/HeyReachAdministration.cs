using System.Globalization;

namespace Caio.Providers.HeyReach.Internal;

/// <summary><c>providers check</c> and <c>campaigns</c> for HeyReach.</summary>
internal sealed class HeyReachAdministration(IHeyReachClient client) : IProviderProbe, IProviderCampaigns
{
    public string Provider => HeyReachClient.ProviderName;

    public async Task<ProviderProbeResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await client.CheckApiKeyAsync(cancellationToken).ConfigureAwait(false);
            return new ProviderProbeResult(Provider, "ok", "API key accepted");
        }
        catch (Exception ex) when (ex is CaioApiException or HttpRequestException)
        {
            return ProviderProbeResult.FromException(Provider, ex);
        }
    }

    public async Task<IReadOnlyList<ProviderCampaign>> ListCampaignsAsync(CancellationToken cancellationToken = default)
    {
        var campaigns = new List<ProviderCampaign>();
        while (true)
        {
            var page = await client.ListCampaignsAsync(campaigns.Count, 100, cancellationToken).ConfigureAwait(false);
            campaigns.AddRange(page.Items.Select(c => new ProviderCampaign(c.Id.ToString(CultureInfo.InvariantCulture), c.Name, (c.Status ?? "unknown").ToLowerInvariant())));
            if (page.Items.Count == 0 || campaigns.Count >= page.TotalCount)
            {
                return campaigns;
            }
        }
    }

    /// <summary>A draft is started (<c>StartCampaign</c>); a paused campaign is resumed (<c>Resume</c> rejects drafts).</summary>
    public async Task ActivateCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var id = Parse(campaignId);
        var campaign = await client.GetCampaignAsync(id, cancellationToken).ConfigureAwait(false);
        if (string.Equals(campaign.Status, "DRAFT", StringComparison.OrdinalIgnoreCase))
        {
            await client.StartCampaignAsync(id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await client.ResumeCampaignAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task PauseCampaignAsync(string campaignId, CancellationToken cancellationToken = default) => client.PauseCampaignAsync(Parse(campaignId), cancellationToken);

    private static long Parse(string campaignId) =>
        long.TryParse(campaignId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException($"HeyReach campaign ids are integers; '{campaignId}' is not one.", nameof(campaignId));
}
