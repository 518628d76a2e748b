namespace Caio.Providers.HeyReach;

/// <summary>
/// Typed client of HeyReach's public API (<c>X-API-KEY</c>). Reads are retried with jittered backoff;
/// writes are never retried blindly (HeyReach has no idempotency key). Errors are <see cref="CaioApiException"/>.
/// </summary>
public interface IHeyReachClient
{
    /// <summary>Checks the key (<c>GET /auth/CheckApiKey</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the key is valid.</returns>
    Task CheckApiKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists campaigns (<c>POST /campaign/GetAll</c>).</summary>
    /// <param name="offset">Offset.</param>
    /// <param name="limit">Page size, up to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<HeyReachPage<HeyReachCampaign>> ListCampaignsAsync(int offset = 0, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Gets a campaign (<c>GET /campaign/GetById?campaignId=</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The campaign.</returns>
    Task<HeyReachCampaign> GetCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Pauses a campaign (<c>POST /campaign/Pause?campaignId=</c>).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task PauseCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused campaign (<c>POST /campaign/Resume?campaignId=</c>); a draft must be started instead.</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task ResumeCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Starts a draft campaign (<c>POST /campaign/StartCampaign?campaignId=</c>, undocumented).</summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task StartCampaignAsync(long campaignId, CancellationToken cancellationToken = default);

    /// <summary>Adds leads to a list (<c>POST /list/AddLeadsToListV2</c>).</summary>
    /// <param name="listId">List id.</param>
    /// <param name="leads">Leads.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task AddLeadsToListAsync(long listId, IReadOnlyList<HeyReachLead> leads, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds up to 100 leads to a campaign with one sender (<c>POST /campaign/AddLeadsToCampaignV2</c>,
    /// <c>accountLeadPairs</c>), never resuming a paused or finished campaign.
    /// </summary>
    /// <param name="campaignId">Campaign id.</param>
    /// <param name="linkedInAccountId">Sender account.</param>
    /// <param name="leads">1–100 leads.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    Task<HeyReachAddResult> AddLeadsToCampaignAsync(long campaignId, long? linkedInAccountId, IReadOnlyList<HeyReachLead> leads, CancellationToken cancellationToken = default);

    /// <summary>The campaigns a lead is in (<c>POST /campaign/GetCampaignsForLead</c>).</summary>
    /// <param name="profileUrl">LinkedIn profile URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The campaigns.</returns>
    Task<IReadOnlyList<HeyReachLeadCampaign>> GetCampaignsForLeadAsync(string profileUrl, CancellationToken cancellationToken = default);

    /// <summary>Sender accounts (<c>POST /li_account/GetAll</c>).</summary>
    /// <param name="offset">Offset.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<HeyReachPage<HeyReachSender>> ListSendersAsync(int offset = 0, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>The conversation with a lead (<c>POST /inbox/GetConversationsV2</c> filtered by <c>leadProfileUrl</c>).</summary>
    /// <param name="profileUrl">LinkedIn profile URL.</param>
    /// <param name="linkedInAccountId">Sender account, when known.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation, or <see langword="null"/>.</returns>
    Task<HeyReachConversation?> FindConversationAsync(string profileUrl, long? linkedInAccountId, CancellationToken cancellationToken = default);

    /// <summary>Sends a message into an existing conversation (<c>POST /inbox/SendMessage</c>). Never retried.</summary>
    /// <param name="conversationId">Conversation id.</param>
    /// <param name="linkedInAccountId">Sender account.</param>
    /// <param name="message">Text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SendMessageAsync(string conversationId, long linkedInAccountId, string message, CancellationToken cancellationToken = default);
}
