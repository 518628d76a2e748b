namespace Caio.Providers;

/// <summary>Campaign administration of a provider, for <c>campaigns list|activate|pause --provider NAME</c>.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(Caio.Diagnostics.Experiments.ProviderAdministration)]
public interface IProviderCampaigns
{
    /// <summary>Provider name (<c>instantly</c>, <c>heyreach</c>).</summary>
    string Provider { get; }

    /// <summary>Lists campaigns (all pages).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The campaigns.</returns>
    Task<IReadOnlyList<ProviderCampaign>> ListCampaignsAsync(CancellationToken cancellationToken = default);

    /// <summary>Activates (starts or resumes) a campaign: an explicit operator action, never a side effect.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the provider accepted it.</returns>
    Task ActivateCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Pauses a campaign.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the provider accepted it.</returns>
    Task PauseCampaignAsync(string campaignId, CancellationToken cancellationToken = default);
}
