namespace Caio.Providers.Instantly;

/// <summary>
/// Typed client of Instantly's API v2 (<c>Authorization: Bearer</c>). Reads are retried with
/// jittered backoff; lead adds always set <c>skip_if_in_workspace</c> and <c>skip_if_in_campaign</c>,
/// which makes them safe to retry; other writes are never retried blindly. Errors are
/// <see cref="CaioApiException"/>.
/// </summary>
public interface IInstantlyClient
{
    /// <summary>Creates a campaign, always as a draft (<c>POST /api/v2/campaigns</c>).</summary>
    /// <param name="draft">The campaign.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created campaign.</returns>
    Task<InstantlyCampaign> CreateCampaignAsync(InstantlyCampaignDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of campaigns (<c>GET /api/v2/campaigns</c>).</summary>
    /// <param name="limit">Page size, 1–100.</param>
    /// <param name="startingAfter">Cursor from the previous page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<InstantlyPage<InstantlyCampaign>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a campaign (<c>GET /api/v2/campaigns/{id}</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The campaign.</returns>
    Task<InstantlyCampaign> GetCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Activates a campaign (<c>POST /api/v2/campaigns/{id}/activate</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task ActivateCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Pauses a campaign (<c>POST /api/v2/campaigns/{id}/pause</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task PauseCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Adds up to 1,000 leads to a campaign (<c>POST /api/v2/leads/add</c>) with both skip flags set.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="leads">1–1,000 leads.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts and the created leads.</returns>
    Task<InstantlyLeadAddResult> AddLeadsAsync(string campaignId, IReadOnlyList<InstantlyNewLead> leads, CancellationToken cancellationToken = default);

    /// <summary>Finds a lead of a campaign by email (<c>POST /api/v2/leads/list</c> with <c>contacts</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="email">Address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lead, or <see langword="null"/>.</returns>
    Task<InstantlyLead?> FindLeadAsync(string campaignId, string email, CancellationToken cancellationToken = default);

    /// <summary>Sets custom variables of a lead (<c>PATCH /api/v2/leads/{id}</c>); idempotent, so retried like a read.</summary>
    /// <param name="leadId">Lead id.</param>
    /// <param name="customVariables">All the lead's custom variables after the change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated lead.</returns>
    Task<InstantlyLead> UpdateLeadVariablesAsync(string leadId, IReadOnlyDictionary<string, string> customVariables, CancellationToken cancellationToken = default);
}
