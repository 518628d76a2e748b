using System.Text.Json.Serialization;

namespace Caio.Providers.Instantly.Internal;

internal sealed record LeadAddRequest(
    [property: JsonPropertyName("campaign_id")] string CampaignId,
    [property: JsonPropertyName("leads")] IReadOnlyList<InstantlyNewLead> Leads,
    [property: JsonPropertyName("skip_if_in_workspace")] bool SkipIfInWorkspace,
    [property: JsonPropertyName("skip_if_in_campaign")] bool SkipIfInCampaign);

internal sealed record LeadListRequest(
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("contacts")] IReadOnlyList<string> Contacts,
    [property: JsonPropertyName("limit")] int Limit);

internal sealed record LeadPatchRequest([property: JsonPropertyName("custom_variables")] IReadOnlyDictionary<string, string> CustomVariables);

internal sealed record CampaignCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("campaign_schedule")] CampaignSchedule CampaignSchedule,
    [property: JsonPropertyName("sequences")] IReadOnlyList<CampaignSequence> Sequences,
    [property: JsonPropertyName("email_list"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EmailList,
    [property: JsonPropertyName("daily_limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DailyLimit,
    [property: JsonPropertyName("stop_on_reply")] bool StopOnReply,
    [property: JsonPropertyName("stop_on_auto_reply")] bool StopOnAutoReply,
    [property: JsonPropertyName("text_only")] bool TextOnly);

internal sealed record CampaignSchedule([property: JsonPropertyName("schedules")] IReadOnlyList<CampaignScheduleEntry> Schedules);

internal sealed record CampaignScheduleEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("timing")] CampaignTiming Timing,
    [property: JsonPropertyName("days")] IReadOnlyDictionary<string, bool> Days,
    [property: JsonPropertyName("timezone")] string Timezone);

internal sealed record CampaignTiming([property: JsonPropertyName("from")] string From, [property: JsonPropertyName("to")] string To);

internal sealed record CampaignSequence([property: JsonPropertyName("steps")] IReadOnlyList<CampaignStep> Steps);

internal sealed record CampaignStep(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("delay")] int Delay,
    [property: JsonPropertyName("variants")] IReadOnlyList<CampaignVariant> Variants);

internal sealed record CampaignVariant([property: JsonPropertyName("subject")] string Subject, [property: JsonPropertyName("body")] string Body);

[JsonSerializable(typeof(LeadAddRequest))]
[JsonSerializable(typeof(LeadListRequest))]
[JsonSerializable(typeof(LeadPatchRequest))]
[JsonSerializable(typeof(CampaignCreateRequest))]
[JsonSerializable(typeof(InstantlyCampaign))]
[JsonSerializable(typeof(InstantlyPage<InstantlyCampaign>))]
[JsonSerializable(typeof(InstantlyPage<InstantlyLead>))]
[JsonSerializable(typeof(InstantlyLead))]
[JsonSerializable(typeof(InstantlyLeadAddResult))]
internal sealed partial class InstantlyJsonContext : JsonSerializerContext;
