using System.Text.Json;
using System.Text.Json.Nodes;
using Caio.AspNetCore.Internal;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Operations;
using Caio.Serialization;
using Caio.Safety;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caio.AspNetCore.Api;

/// <summary>Operator routes: status in plain words, the trigger, the emergency stop switch.</summary>
internal static class OperatorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/operator/status", StatusAsync).WithSummary("Operator status: ramp, caps, emergency stop, and why nothing is sending, in plain words.");
        api.MapPost("/operator/trigger", TriggerAsync).WithSummary("Run the dispatch operator (dry run unless dry_run is false).");
        api.MapPost("/emergency-stop", EmergencyStopAsync).WithSummary("Engage or release the emergency stop: {\"engaged\": bool, \"reason\"?}.");
        api.MapGet("/session", (HttpContext context) => Results.Json(new JsonObject
        {
            ["user"] = ReviewEndpoints.Actor(context.User),
            ["method"] = context.User.FindFirst(Auth.DashboardAuthenticationHandler.MethodClaim)?.Value,
            ["csrf_token"] = context.User.FindFirst(Auth.DashboardAuthenticationHandler.CsrfClaim)?.Value,
        })).WithSummary("Who is signed in, and the CSRF token state-changing requests of a browser session must send.");
    }

    private static async Task<IResult> StatusAsync(StatusService statusService, BatchService batches, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = await statusService.GetAsync(cancellationToken).ConfigureAwait(false);
        var pendingBatch = (await batches.ListAsync(BatchStatus.Pending, cancellationToken).ConfigureAwait(false)).LastOrDefault();
        var node = JsonSerializer.SerializeToNode(status, CaioJsonContext.Default.CaioStatus)!.AsObject();
        JsonNode? Part(string name) => node[name]?.DeepClone();
        var ramp = status.Ramp;
        var rampActive = ramp.Enabled && !ramp.Graduated;
        var emailDaily = status.Caps.FirstOrDefault(c => c.Channel == ChannelNames.Email && c.Window == "daily" && c.Scope is null);
        var linkedinDaily = status.Caps.FirstOrDefault(c => c.Channel == ChannelNames.LinkedIn && c.Window == "daily" && c.Scope is null);
        return Results.Json(new JsonObject
        {
            ["enabled"] = !status.EmergencyStop.Stopped,
            ["emergency_stop"] = status.EmergencyStop.Stopped,
            ["emergency_stop_detail"] = Part("emergencyStop"),
            ["date"] = time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["mode"] = status.Mode.ToWireName(),
            ["rollout_phase"] = status.RolloutPhase.ToWireName(),
            ["ramp"] = new JsonObject
            {
                ["enabled"] = ramp.Enabled,
                ["mode"] = rampActive ? "ramp" : ramp.Enabled ? "graduated" : "off",
                ["active"] = rampActive,
                ["day"] = ramp.CleanDays,
                ["remaining_days"] = Math.Max(0, ramp.CleanDaysRequired - ramp.CleanDays),
                ["email_limit_override"] = rampActive ? ramp.DailyLimit : null,
                ["tier_filter"] = rampActive && ramp.AllowedTiers.Count > 0 ? ramp.AllowedTiers[0] : null,
                ["allowed_tiers"] = new JsonArray([.. ramp.AllowedTiers.Select(t => (JsonNode)t)]),
                ["clean_days_required"] = ramp.CleanDaysRequired,
                ["clean_days_completed"] = ramp.CleanDays,
                ["clean_days_dates"] = new JsonArray(),
                ["sent_today"] = ramp.SentToday,
                ["errors_today"] = ramp.ErrorsToday,
            },
            ["warmup_schedule"] = new JsonObject
            {
                ["email_daily_limit"] = emailDaily?.Limit,
                ["linkedin_daily_limit"] = linkedinDaily?.Limit,
                ["linkedin_warmup_start"] = null,
                ["linkedin_warmup_week"] = null,
                ["is_linkedin_warmup"] = false,
                ["revival_daily_limit"] = null,
            },
            ["today"] = new JsonObject { ["email_sent"] = emailDaily?.Used ?? 0, ["linkedin_sent"] = linkedinDaily?.Used ?? 0 },
            ["limits"] = Part("caps"),
            ["cadence"] = new JsonObject(),
            ["gatekeeper"] = new JsonObject { ["required"] = true, ["pending_batch"] = pendingBatch?.Id },
            ["queue"] = Part("queue"),
            ["batches"] = Part("batches"),
            ["sends_today"] = new JsonObject { ["handed_to_provider"] = status.SendsToday.HandedToProvider, ["confirmed_by_provider"] = status.SendsToday.ConfirmedByProvider },
            ["refusals_today"] = Part("refusalsToday"),
            ["maybe_sent"] = status.MaybeSent.Count,
            ["not_sending_because"] = new JsonArray([.. PlainWords.WhyNothingSends(status).Select(s => (JsonNode)s)]),
            ["config"] = new JsonObject { ["cap_time_zone"] = status.CapTimeZone },
        });
    }

    private static async Task<IResult> TriggerAsync(HttpContext context, DispatchOperator dispatch, CancellationToken cancellationToken)
    {
        var dryRun = true;
        var motion = "outbound";
        if (context.Request.ContentLength is > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return Problems.Result(400, "Bad Request", "The body must be a JSON object: {\"dry_run\"?: bool, \"motion\"?: \"outbound|cadence|revival|all\"}.", "invalid_body");
                }

                if (root.TryGetProperty("dry_run", out var d))
                {
                    if (d.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return Problems.Result(400, "Bad Request", "dry_run must be a JSON boolean.", "invalid_body");
                    }

                    dryRun = d.GetBoolean();
                }

                if (root.TryGetProperty("motion", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    motion = m.GetString()!;
                }
            }
            catch (JsonException ex)
            {
                return Problems.Result(400, "Bad Request", "The body is not valid JSON: " + ex.Message.Split(" Path:", 2)[0], "invalid_json");
            }
        }

        BatchMotion? selected = null;
        if (motion != MotionOrAllJsonConverter.All)
        {
            if (!BatchMotions.TryParse(motion, out var one))
            {
                return Problems.Result(400, "Bad Request", $"Unknown motion '{motion}': expected outbound, cadence, revival or all.", BatchRefusals.InvalidMotion);
            }

            selected = one;
        }

        var report = await dispatch.RunAsync(new OperatorRequest { Motion = selected, Live = !dryRun }, cancellationToken).ConfigureAwait(false);
        var node = JsonSerializer.SerializeToNode(report, OperatorJson.Default.OperatorReport)!.AsObject();
        node["dry_run"] = dryRun;
        node["pending_approval"] = report.Batches.Count == 0 && !dryRun;
        return Results.Json(node);
    }

    private static async Task<IResult> EmergencyStopAsync(HttpContext context, EmergencySwitch emergencySwitch, CancellationToken cancellationToken)
    {
        bool? engaged = null;
        string? reason = null;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("engaged", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    engaged = e.GetBoolean();
                }

                if (document.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String)
                {
                    reason = r.GetString();
                }
            }
        }
        catch (JsonException)
        {
            engaged = null;
        }

        if (engaged is not { } on)
        {
            return Problems.Result(400, "Bad Request", "Send {\"engaged\": true|false, \"reason\"?: \"…\"}.", "invalid_body");
        }

        var status = await emergencySwitch.SetAsync(on, ReviewEndpoints.Actor(context.User), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), cancellationToken).ConfigureAwait(false);
        return Results.Json(new JsonObject
        {
            ["engaged"] = on,
            ["stopped"] = status.Stopped,
            ["source"] = status.Source.ToString().ToLowerInvariant(),
            ["by"] = status.By,
            ["message"] = on ? "Emergency stop engaged: nothing is sent until it is released."
                : status.Stopped ? $"The runtime switch is released, but sends stay stopped by {status.Source.ToString().ToLowerInvariant()}."
                : "Emergency stop released.",
        });
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(OperatorReport))]
internal sealed partial class OperatorJson : System.Text.Json.Serialization.JsonSerializerContext;
