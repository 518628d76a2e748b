using System.Text.Json.Serialization;

namespace Caio.Providers.HeyReach.Internal;

internal sealed record PageRequest([property: JsonPropertyName("offset")] int Offset, [property: JsonPropertyName("limit")] int Limit);

internal sealed record ListAddRequest([property: JsonPropertyName("listId")] long ListId, [property: JsonPropertyName("leads")] IReadOnlyList<HeyReachLead> Leads);

internal sealed record AccountLeadPair([property: JsonPropertyName("linkedInAccountId")] long? LinkedInAccountId, [property: JsonPropertyName("lead")] HeyReachLead Lead);

internal sealed record CampaignAddRequest(
    [property: JsonPropertyName("campaignId")] long CampaignId,
    [property: JsonPropertyName("accountLeadPairs")] IReadOnlyList<AccountLeadPair> AccountLeadPairs,
    [property: JsonPropertyName("resumeFinishedCampaign")] bool ResumeFinishedCampaign,
    [property: JsonPropertyName("resumePausedCampaign")] bool ResumePausedCampaign);

internal sealed record LeadRequest([property: JsonPropertyName("profileUrl")] string ProfileUrl);

internal sealed record ConversationFilters(
    [property: JsonPropertyName("leadProfileUrl")] string LeadProfileUrl,
    [property: JsonPropertyName("linkedInAccountIds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<long>? LinkedInAccountIds);

internal sealed record ConversationsRequest([property: JsonPropertyName("offset")] int Offset, [property: JsonPropertyName("limit")] int Limit, [property: JsonPropertyName("filters")] ConversationFilters Filters);

internal sealed record SendMessageRequest(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("linkedInAccountId")] long LinkedInAccountId);

[JsonSerializable(typeof(PageRequest))]
[JsonSerializable(typeof(ListAddRequest))]
[JsonSerializable(typeof(CampaignAddRequest))]
[JsonSerializable(typeof(LeadRequest))]
[JsonSerializable(typeof(ConversationsRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(HeyReachCampaign))]
[JsonSerializable(typeof(HeyReachPage<HeyReachCampaign>))]
[JsonSerializable(typeof(HeyReachPage<HeyReachSender>))]
[JsonSerializable(typeof(HeyReachAddResult))]
internal sealed partial class HeyReachJsonContext : JsonSerializerContext;
