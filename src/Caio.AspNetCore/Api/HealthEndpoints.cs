using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caio.AspNetCore.Api;

/// <summary>The public health routes and the protected runtime report.</summary>
internal static class HealthEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/health", (RuntimeDependencies runtime, TimeProvider time) =>
        {
            var report = runtime.Build(includeAuth: false);
            var ready = report["ready"]!.GetValue<bool>();
            return Results.Json(new JsonObject
            {
                ["status"] = ready ? "healthy" : "degraded",
                ["timestamp"] = PendingEmailJson.Microseconds(time.GetUtcNow()),
                ["health_score"] = ready ? 100 : 50,
                ["runtime_dependencies"] = report,
            });
        }).AllowAnonymous().WithSummary("Health summary (public).");

        api.MapGet("/health/ready", (RuntimeDependencies runtime, TimeProvider time) =>
        {
            var report = runtime.Build(includeAuth: false);
            if (!report["ready"]!.GetValue<bool>())
            {
                return Internal.Problems.Result(503, "Service Unavailable", "Runtime dependencies not ready: " + report["required_failures"]!.ToJsonString(), "not_ready");
            }

            return Results.Json(new JsonObject
            {
                ["status"] = "ready",
                ["timestamp"] = PendingEmailJson.Microseconds(time.GetUtcNow()),
                ["checks"] = new JsonObject { ["health_monitor"] = "ok", ["integrations"] = "ok", ["runtime_dependencies"] = report["status"]!.DeepClone() },
                ["runtime_dependencies"] = report,
            });
        }).AllowAnonymous().WithSummary("Readiness (public): 200 when every required dependency is ready, else 503.");

        api.MapGet("/health/live", (TimeProvider time) => Results.Json(new JsonObject { ["status"] = "ok", ["timestamp"] = PendingEmailJson.Microseconds(time.GetUtcNow()) }))
            .AllowAnonymous().WithSummary("Liveness (public).");

        api.MapGet("/runtime/dependencies", (RuntimeDependencies runtime) => Results.Json(runtime.Build(includeAuth: true)))
            .WithSummary("Runtime dependencies, webhook authentication per provider and the auth policy in force.");
    }
}
