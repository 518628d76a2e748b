namespace Caio.Providers.GoHighLevel;

/// <summary>
/// Typed client of GoHighLevel's LeadConnector API v2 (<c>Authorization: Bearer</c> plus the pinned
/// per-endpoint <c>Version</c> header). Reads and idempotent writes (upsert, tags) are retried; an
/// email send is never retried blindly. Errors are <see cref="CaioApiException"/>.
/// </summary>
public interface IGoHighLevelClient
{
    /// <summary>Creates or updates a contact in the configured location (<c>POST /contacts/upsert</c>).</summary>
    /// <param name="contact">The contact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The contact.</returns>
    Task<GhlContact> UpsertContactAsync(GhlContactUpsert contact, CancellationToken cancellationToken = default);

    /// <summary>Looks a contact up by email (<c>GET /contacts/search/duplicate</c>).</summary>
    /// <param name="email">Address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The contact, or <see langword="null"/>.</returns>
    Task<GhlContact?> FindContactByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Adds tags to a contact (<c>POST /contacts/{id}/tags</c>), e.g. the DNC tag.</summary>
    /// <param name="contactId">Contact id.</param>
    /// <param name="tags">Tags.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task AddTagsAsync(string contactId, IReadOnlyList<string> tags, CancellationToken cancellationToken = default);

    /// <summary>Sends an email (<c>POST /conversations/messages</c>, <c>Version: 2021-04-15</c>). Never retried.</summary>
    /// <param name="email">The email.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Conversation and message ids.</returns>
    Task<GhlSendResult> SendEmailAsync(GhlEmail email, CancellationToken cancellationToken = default);

    /// <summary>The conversation of a contact (<c>GET /conversations/search?contactId=</c>).</summary>
    /// <param name="contactId">Contact id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation id, or <see langword="null"/>.</returns>
    Task<string?> FindConversationAsync(string contactId, CancellationToken cancellationToken = default);

    /// <summary>The messages of a conversation thread (<c>GET /conversations/{id}/messages</c>).</summary>
    /// <param name="conversationId">Conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages.</returns>
    Task<IReadOnlyList<GhlMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Opportunities of a contact (<c>GET /opportunities/search</c>), for deal outcomes.</summary>
    /// <param name="contactId">Contact id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The opportunities.</returns>
    Task<IReadOnlyList<GhlOpportunity>> SearchOpportunitiesAsync(string contactId, CancellationToken cancellationToken = default);

    /// <summary>Pipelines of the location (<c>GET /opportunities/pipelines</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pipelines.</returns>
    Task<IReadOnlyList<GhlPipeline>> ListPipelinesAsync(CancellationToken cancellationToken = default);
}
