using System.Globalization;
using System.Text.Json.Nodes;
using Caio.Batches;
using Caio.Leads;
using Caio.Review;

namespace Caio.AspNetCore.Api;

/// <summary>A review item in the pending-email shape of the compatibility contract, plus Caio's own lead context.</summary>
internal static class PendingEmailJson
{
    public static string Microseconds(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

    public static JsonObject From(ReviewItem item)
    {
        var body = item.ApprovedBody ?? item.Body;
        var lower = body.ToLowerInvariant();
        var platform = item.Sandbox ? "training" : item.Channel == Channel.LinkedIn ? ChannelNames.HeyReach : ChannelNames.Instantly;
        return new JsonObject
        {
            ["email_id"] = item.Id,
            ["status"] = item.Status.ToWireName(),
            ["to"] = item.RecipientEmail,
            ["subject"] = item.ApprovedSubject ?? item.Subject,
            ["body"] = body,
            ["tier"] = item.Tier.ToWireName(),
            ["score"] = item.Score,
            ["needs_review"] = item.NeedsReview,
            ["reasons"] = new JsonArray([.. item.Reasons.Select(r => (JsonNode)new JsonObject { ["category"] = r.Category, ["points"] = r.Points, ["detail"] = r.Detail })]),
            ["angle"] = item.Crafter ?? string.Empty,
            ["timestamp"] = Microseconds(item.CreatedAt),
            ["recipient_data"] = new JsonObject
            {
                ["name"] = item.RecipientName,
                ["company"] = item.Company,
                ["title"] = item.Title,
                ["location"] = item.TimeZone,
                ["employees"] = null,
                ["industry"] = null,
                ["company_domain"] = item.CompanyDomain,
                ["linkedin_url"] = item.LinkedInUrl,
            },
            ["contact_id"] = null,
            ["synthetic"] = item.Sandbox,
            ["canary"] = false,
            ["context"] = new JsonObject
            {
                ["campaign_type"] = item.Motion.ToWireName(),
                ["campaign_id"] = null,
                ["pipeline_run_id"] = item.RunId,
                ["channel"] = ChannelNames.Of(item.Channel),
                ["step"] = item.Step,
                ["day"] = item.Day,
                ["enriched"] = item.Enriched,
                ["enrichment_source"] = item.Enriched ? "enrichment_provider" : "lead_source",
            },
            ["classifier"] = new JsonObject
            {
                ["queue_stage"] = "approval_pending",
                ["queue_origin"] = item.RunId is null ? "unknown" : "pipeline",
                ["message_direction"] = "outbound",
                ["lead_source_class"] = "outbound_prospecting",
                ["target_platform"] = platform,
                ["target_platform_reason"] = item.Sandbox ? "sandbox work is sent on sandbox channels only" : $"{ChannelNames.Of(item.Channel)} channel",
                ["routing_targets"] = new JsonArray(platform),
                ["sync_state"] = "local_only",
            },
            ["campaign_ref"] = new JsonObject
            {
                ["internal_id"] = item.RunId ?? item.Id,
                ["internal_type"] = item.RunId is null ? "review_item" : "pipeline_run",
                ["internal_name"] = item.Motion.ToWireName(),
                ["pipeline_run_id"] = item.RunId,
                ["external_provider"] = platform,
                ["external_campaign_id"] = null,
                ["external_campaign_name"] = null,
            },
            ["proof_status"] = "not_started",
            ["proof_source"] = "none",
            ["proof_timestamp"] = null,
            ["proof_evidence_id"] = null,
            ["deliverability_risk"] = "unknown",
            ["deliverability_reasons"] = new JsonArray(),
            ["model_route"] = item.Crafter ?? "unknown",
            ["compliance_checks"] = new JsonObject
            {
                ["unsubscribe_present"] = lower.Contains("unsubscribe", StringComparison.Ordinal) || lower.Contains("opt out", StringComparison.Ordinal),
                ["reply_stop_present"] = lower.Contains("stop", StringComparison.Ordinal),
                ["signature_present"] = body.TrimEnd().Contains('\n', StringComparison.Ordinal),
                ["cta_present"] = body.Contains('?', StringComparison.Ordinal),
                ["footer_present"] = lower.Contains("unsubscribe", StringComparison.Ordinal),
                ["normalization_version"] = "caio-1",
            },
            ["decided_by"] = item.DecidedBy,
            ["rejection_tag"] = item.RejectionTag,
        };
    }
}
