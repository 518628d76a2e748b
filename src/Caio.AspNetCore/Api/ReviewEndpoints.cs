using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Internal;
using Caio.Review;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caio.AspNetCore.Api;

/// <summary>The review routes of the compatibility contract: pending drafts, approve, reject, tags, queue counts.</summary>
internal static class ReviewEndpoints
{
    private static readonly (string Id, string Label)[] TagLabels =
    [
        ("personalization_mismatch", "Personalization mismatch"), ("icp_mismatch", "Not our ideal customer"),
        ("campaign_mismatch", "Wrong campaign"), ("tone_style_issue", "Tone or style"), ("factual_inaccuracy", "Factual error"),
        ("weak_subject", "Weak subject"), ("weak_cta", "Weak call to action"), ("length_issue", "Too long or too short"),
        ("compliance_issue", "Compliance issue"), ("placeholder_or_rendering_issue", "Placeholder or rendering issue"),
        ("queue_hygiene_non_actionable", "Queue hygiene: not actionable"), ("other", "Other"),
    ];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/pending-emails", PendingAsync).WithName("PendingEmails").WithSummary("Pending drafts with lead context, newest first.");
        api.MapGet("/queue-status", QueueStatusAsync).WithSummary("Review-queue counts per status.");
        api.MapGet("/emails/{id}", GetAsync).WithSummary("One review item.");
        api.MapPost("/emails/{id}/approve", ApproveAsync).WithSummary("Approve a pending draft, optionally edited.");
        api.MapPost("/emails/{id}/reject", RejectAsync).WithSummary("Reject a pending draft with a reason and a tag.");
        api.MapGet("/rejection-tags", () => Results.Json(new JsonObject
        {
            ["tags"] = new JsonArray([.. TagLabels.Select(t => (JsonNode)new JsonObject { ["id"] = t.Id, ["label"] = t.Label })]),
        })).WithSummary("The rejection tags.");
    }

    internal static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "dashboard";

    private static async Task<IResult> PendingAsync(HttpContext context, PendingEmailsReadModel pending, TimeProvider time, CancellationToken cancellationToken)
    {
        var includeNonDispatchable = context.Request.Query["include_non_dispatchable"].ToString().ToLowerInvariant() is "1" or "true" or "yes";
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 20;
        var snapshot = await pending.GetAsync(cancellationToken).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers.Expires = "0";
        return new PendingEmailsResult(snapshot, limit, includeNonDispatchable, time.GetUtcNow());
    }

    private static async Task<IResult> QueueStatusAsync(IReviewQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        var counts = await queue.CountAsync(cancellationToken).ConfigureAwait(false);
        var body = new JsonObject();
        foreach (var status in Enum.GetValues<ReviewStatus>())
        {
            body[status.ToWireName()] = counts.TryGetValue(status, out var n) ? n : 0;
        }

        return Results.Json(new JsonObject { ["counts"] = body, ["refreshed_at"] = PendingEmailJson.Microseconds(time.GetUtcNow()) });
    }

    private static async Task<IResult> GetAsync(string id, IReviewQueue queue, CancellationToken cancellationToken) =>
        await queue.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } item
            ? Results.Json(PendingEmailJson.From(item))
            : Problems.Result(404, "Not Found", $"Email {id} not found in queue", ReviewRefusals.NotFound);

    private static async Task<IResult> ApproveAsync(string id, HttpContext context, IReviewQueue queue, CancellationToken cancellationToken)
    {
        string? editedBody = null, editedSubject = null, feedback = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Problems.Result(400, "Bad Request", "The body must be a JSON object: {\"edited_body\"?, \"edited_subject\"?, \"feedback\"?}.", "invalid_body");
                }

                editedBody = Text(document.RootElement, "edited_body");
                editedSubject = Text(document.RootElement, "edited_subject");
                feedback = Text(document.RootElement, "feedback");
            }
            catch (JsonException ex)
            {
                return Problems.Result(400, "Bad Request", "The body is not valid JSON: " + ex.Message.Split(" Path:", 2)[0], "invalid_json");
            }
        }

        var actor = Actor(context.User);
        var result = await queue.ApproveAsync(id, new ApproveRequest(editedSubject, editedBody, feedback), actor, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Refusal(id, result, "approve");
        }

        return Results.Json(new JsonObject
        {
            ["status"] = "approved",
            ["email_id"] = id,
            ["edited"] = editedBody is not null || editedSubject is not null,
            ["approver"] = actor,
            ["message"] = "Email approved; it waits for a dispatch batch.",
            ["item"] = PendingEmailJson.From(result.Item!),
        });
    }

    private static async Task<IResult> RejectAsync(string id, HttpContext context, IReviewQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        string? reason = query["reason"], tag = query["rejection_tag"];
        if ((reason is null || tag is null) && context.Request.HasJsonContentType())
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    reason ??= Text(document.RootElement, "reason");
                    tag ??= Text(document.RootElement, "rejection_tag");
                }
            }
            catch (JsonException ex)
            {
                return Problems.Result(400, "Bad Request", "The body is not valid JSON: " + ex.Message.Split(" Path:", 2)[0], "invalid_json");
            }
        }

        tag = tag?.Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Problems.Result(422, "Unprocessable Content", "A rejection needs a non-blank reason.", ReviewRefusals.MissingReason);
        }

        if (string.IsNullOrEmpty(tag) || !RejectionTags.All.Contains(tag))
        {
            return Problems.Result(422, "Unprocessable Content", $"rejection_tag must be one of: {string.Join(", ", TagLabels.Select(t => t.Id))}.", ReviewRefusals.InvalidTag);
        }

        var actor = Actor(context.User);
        var result = await queue.RejectAsync(id, reason.Trim(), tag, actor, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Refusal(id, result, "reject");
        }

        return Results.Json(new JsonObject
        {
            ["status"] = "rejected",
            ["email_id"] = id,
            ["reason"] = reason.Trim(),
            ["rejection_tag"] = tag,
            ["approver"] = actor,
            ["timestamp"] = PendingEmailJson.Microseconds(time.GetUtcNow()),
        });
    }

    /// <summary>
    /// Maps a refused decision. The compatibility contract answers a decision on an already decided
    /// item with 400 ("Email already rejected"), so these two routes do; batch routes answer 409.
    /// </summary>
    private static IResult Refusal(string id, DecisionResult result, string verb) => Refusal(id, result.Refusal?.Code.ToString(), result.Refusal?.Detail, verb);

    private static IResult Refusal(string id, string? code, string? detail, string verb) => code switch
    {
        ReviewRefusals.NotFound => Problems.Result(404, "Not Found", $"Email {id} not found in queue", code),
        ReviewRefusals.TerminalStatus or ReviewRefusals.AlreadyDecided or ReviewRefusals.Expired =>
            Problems.Result(400, "Bad Request", $"Email already decided, cannot {verb}: {detail}", code),
        ReviewRefusals.Placeholder or ReviewRefusals.EmptyContent or ReviewRefusals.InvalidTag or ReviewRefusals.MissingReason =>
            Problems.Result(422, "Unprocessable Content", detail ?? code, code),
        ReviewRefusals.Conflict => Problems.Result(409, "Conflict", detail ?? "concurrent change; retry", code),
        _ => Problems.Result(503, "Service Unavailable", detail ?? code ?? "refused", code ?? "refused"),
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
