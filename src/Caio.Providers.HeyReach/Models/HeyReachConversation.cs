namespace Caio.Providers.HeyReach;

/// <summary>A LinkedIn conversation with a lead (from <c>GetConversationsV2</c>).</summary>
/// <param name="Id">Conversation id.</param>
/// <param name="LinkedInAccountId">Sender account.</param>
/// <param name="Messages">Message texts, oldest first, as far as the answer carried them.</param>
public sealed record HeyReachConversation(string Id, long? LinkedInAccountId, IReadOnlyList<string> Messages);
