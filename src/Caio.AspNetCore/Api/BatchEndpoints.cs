using System.Text.Json;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Internal;
using Caio.Batches;
using Caio.Operations;
using Caio.Review;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caio.AspNetCore.Api;

/// <summary>
/// Dispatch batches: Caio's routes (<c>/api/batches…</c>, 409 for a decision on a batch that is no longer
/// pending) and the contract's gatekeeper routes (<c>/api/operator/*-batch</c>, 400 as the contract says).
/// </summary>
internal static class BatchEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/batches", ListAsync).WithSummary("Batches, newest first (?status=pending|approved|…).");
        api.MapPost("/batches", CreateAsync).WithSummary("Freeze the approved drafts of a motion into a pending batch: {\"motion\"?}.");
        api.MapGet("/batches/{id}", GetAsync).WithSummary("One batch with its frozen scope and the texts it will send.");
        api.MapPost("/batches/{id}/approve", (string id, HttpContext c, BatchService b, IReviewQueue q, CancellationToken t) => DecideAsync(id, true, c, b, q, 409, t)).WithSummary("Approve a pending batch.");
        api.MapPost("/batches/{id}/reject", (string id, HttpContext c, BatchService b, IReviewQueue q, CancellationToken t) => DecideAsync(id, false, c, b, q, 409, t)).WithSummary("Reject a pending batch: {\"reason\"?}.");
        api.MapGet("/operator/pending-batch", PendingBatchAsync).WithSummary("The newest pending batch (gatekeeper route).");
        api.MapPost("/operator/approve-batch/{id}", (string id, HttpContext c, BatchService b, IReviewQueue q, CancellationToken t) => DecideAsync(id, true, c, b, q, 400, t)).WithSummary("Approve a pending batch (gatekeeper route).");
        api.MapPost("/operator/reject-batch/{id}", (string id, HttpContext c, BatchService b, IReviewQueue q, CancellationToken t) => DecideAsync(id, false, c, b, q, 400, t)).WithSummary("Reject a pending batch (gatekeeper route).");
    }

    internal static async Task<JsonObject> ToJsonAsync(DispatchBatch batch, IReviewQueue queue, bool withTexts, CancellationToken cancellationToken)
    {
        var node = JsonSerializer.SerializeToNode(batch, CaioJsonContext.Default.DispatchBatch)!.AsObject();
        node["batch_id"] = batch.Id;
        node["approved_shadow_email_ids"] = new JsonArray([.. batch.Scope.ItemIds.Select(i => (JsonNode)i)]);
        node["preview_hash"] = batch.PreviewHash;
        node["expires_at"] = PendingEmailJson.Microseconds(batch.ExpiresAt);
        if (withTexts)
        {
            var items = new JsonArray();
            foreach (var id in batch.Scope.ItemIds)
            {
                if (await queue.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } item)
                {
                    items.Add(PendingEmailJson.From(item));
                }
            }

            node["items"] = items;
        }

        return node;
    }

    private static async Task<IResult> ListAsync(HttpContext context, BatchService batches, IReviewQueue queue, CancellationToken cancellationToken)
    {
        var requested = context.Request.Query["status"].ToString();
        var statuses = Enum.GetValues<BatchStatus>().Where(s => requested.Length == 0 || string.Equals(s.ToString(), requested, StringComparison.OrdinalIgnoreCase)).ToList();
        if (statuses.Count == 0)
        {
            return Problems.Result(400, "Bad Request", $"Unknown batch status '{requested}'.", "invalid_status");
        }

        var all = new List<DispatchBatch>();
        foreach (var status in statuses)
        {
            all.AddRange(await batches.ListAsync(status, cancellationToken).ConfigureAwait(false));
        }

        var list = new JsonArray();
        foreach (var batch in all.OrderByDescending(b => b.CreatedAt).Take(50))
        {
            list.Add(await ToJsonAsync(batch, queue, withTexts: false, cancellationToken).ConfigureAwait(false));
        }

        return Results.Json(new JsonObject { ["batches"] = list, ["count"] = list.Count });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, BatchService batches, IReviewQueue queue, CancellationToken cancellationToken)
    {
        var motion = "outbound";
        if (context.Request.ContentLength is > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("motion", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    motion = m.GetString()!;
                }
            }
            catch (JsonException ex)
            {
                return Problems.Result(400, "Bad Request", "The body is not valid JSON: " + ex.Message.Split(" Path:", 2)[0], "invalid_json");
            }
        }

        if (!BatchMotions.TryParse(motion, out var parsed))
        {
            return Problems.Result(400, "Bad Request", $"unknown motion '{motion}'; expected one of: {BatchMotions.AllowedValues}", BatchRefusals.InvalidMotion);
        }

        var result = await batches.CreateAsync(parsed, ReviewEndpoints.Actor(context.User), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var code = result.Refusal!.Code.ToString();
            var status = code is BatchRefusals.InvalidMotion ? 400 : code is BatchRefusals.NothingToBatch ? 409 : code is BatchRefusals.Contended ? 409 : 422;
            return Problems.Result(status, status == 400 ? "Bad Request" : "Conflict", result.Refusal.Detail ?? code, code);
        }

        return Results.Json(new JsonObject { ["status"] = "created", ["batch"] = await ToJsonAsync(result.Batch!, queue, withTexts: true, cancellationToken).ConfigureAwait(false) }, statusCode: 201);
    }

    private static async Task<IResult> GetAsync(string id, BatchService batches, IReviewQueue queue, CancellationToken cancellationToken) =>
        await batches.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } batch
            ? Results.Json(await ToJsonAsync(batch, queue, withTexts: true, cancellationToken).ConfigureAwait(false))
            : Problems.Result(404, "Not Found", $"No batch '{id}'.", BatchRefusals.NotFound);

    private static async Task<IResult> PendingBatchAsync(BatchService batches, IReviewQueue queue, CancellationToken cancellationToken)
    {
        var pending = (await batches.ListAsync(BatchStatus.Pending, cancellationToken).ConfigureAwait(false)).OrderByDescending(b => b.CreatedAt).FirstOrDefault();
        return pending is null
            ? Results.Json(new JsonObject { ["status"] = "no_pending_batch", ["message"] = "No batch waits for approval." })
            : Results.Json(await ToJsonAsync(pending, queue, withTexts: true, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> DecideAsync(string id, bool approve, HttpContext context, BatchService batches, IReviewQueue queue, int notPendingStatus, CancellationToken cancellationToken)
    {
        string? reason = null;
        if (!approve && context.Request.ContentLength is > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String)
                {
                    reason = r.GetString();
                }
            }
            catch (JsonException ex)
            {
                return Problems.Result(400, "Bad Request", "The body is not valid JSON: " + ex.Message.Split(" Path:", 2)[0], "invalid_json");
            }
        }

        var actor = ReviewEndpoints.Actor(context.User);
        var result = approve
            ? await batches.ApproveAsync(id, actor, cancellationToken).ConfigureAwait(false)
            : await batches.RejectAsync(id, actor, reason, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var code = result.Refusal!.Code.ToString();
            return code == BatchRefusals.NotFound
                ? Problems.Result(404, "Not Found", result.Refusal.Detail ?? $"No batch '{id}'.", code)
                : Problems.Result(notPendingStatus, notPendingStatus == 409 ? "Conflict" : "Bad Request", result.Refusal.Detail ?? code, code);
        }

        return Results.Json(new JsonObject
        {
            ["status"] = approve ? "approved" : "rejected",
            ["batch"] = await ToJsonAsync(result.Batch!, queue, withTexts: false, cancellationToken).ConfigureAwait(false),
        });
    }
}
