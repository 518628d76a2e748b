using System.Text.Json.Nodes;
using Caio.AspNetCore.Auth;
using Caio.AspNetCore.Webhooks;
using Caio.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Api;

/// <summary>Builds the <c>/api/runtime/dependencies</c> report: every object the contract's clients index into is an object, every flag a JSON boolean.</summary>
internal sealed class RuntimeDependencies(IOptions<CaioDashboardOptions> options, StateBackendDescriptor backend, IConfiguration configuration, SessionCookie sessions, TimeProvider time)
{
    public JsonObject Build(bool includeAuth)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var webhooks = Webhooks(o, now);
        var redis = Optional("redis", "REDIS_URL", "REDIS_REQUIRED");
        var inngest = Optional("inngest", "INNGEST_SIGNING_KEY", "INNGEST_REQUIRED");
        var failures = new JsonArray();
        foreach (var dependency in new[] { redis, inngest, webhooks })
        {
            if (dependency["required"]!.GetValue<bool>() && !dependency["ready"]!.GetValue<bool>())
            {
                failures.Add(dependency["name"]!.GetValue<string>());
            }
        }

        var ready = failures.Count == 0;
        var report = new JsonObject
        {
            ["status"] = ready ? "ready" : "not_ready",
            ["ready"] = ready,
            ["checked_at"] = PendingEmailJson.Microseconds(now),
            ["dependencies"] = new JsonObject
            {
                ["redis"] = redis,
                ["inngest"] = inngest,
                ["webhooks"] = webhooks,
                ["state"] = new JsonObject { ["name"] = "state", ["required"] = true, ["configured"] = true, ["backend"] = backend.Name, ["status"] = "healthy", ["ready"] = true, ["message"] = string.Empty },
            },
            ["required_failures"] = failures,
        };
        if (includeAuth)
        {
            report["auth"] = new JsonObject
            {
                ["strict_mode"] = o.StrictInEffect,
                ["query_token_enabled"] = o.QueryTokenInEffect,
                ["token_header"] = DashboardAuthenticationHandler.TokenHeader,
                ["token_configured"] = o.Token is not null,
                ["session_secret_explicit"] = o.SessionSecret is not null,
                ["session_secret_source"] = sessions.Source,
                ["webhook_signature_required"] = o.WebhookSignatureRequiredExplicit,
                ["environment"] = o.Environment?.ToLowerInvariant() ?? "local",
            };
            report["llm_routing"] = new JsonObject { ["task_routes"] = new JsonObject(), ["ready"] = true };
        }

        return report;
    }

    private JsonObject Optional(string name, string urlEnv, string requiredEnv)
    {
        var configured = !string.IsNullOrWhiteSpace(configuration[urlEnv]);
        var required = configuration[requiredEnv]?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";
        var ready = !required;
        return new JsonObject
        {
            ["name"] = name,
            ["required"] = required,
            ["configured"] = configured,
            ["connected"] = false,
            ["status"] = configured ? "configured" : "not_configured",
            ["ready"] = ready,
            ["message"] = required ? $"{requiredEnv} is set but the web host does not use {name}; it cannot report it connected" : string.Empty,
        };
    }

    private static JsonObject Webhooks(CaioDashboardOptions o, DateTimeOffset now)
    {
        var required = o.WebhookStrictInEffect;
        var auth = new JsonObject();
        var unauthed = new JsonArray();
        foreach (var provider in WebhookProvider.All)
        {
            var authed = provider.Authed(o, now);
            if (!authed)
            {
                unauthed.Add(provider.Name);
            }

            auth[provider.Name] = new JsonObject
            {
                ["hmac"] = provider.Secret(o) is not null,
                ["bearer"] = provider.Bearer(o) is not null,
                ["bearer_env"] = provider.BearerEnv,
                ["standard_webhooks"] = o.StandardWebhooksSecrets.Count > 0,
                ["no_auth_provider"] = provider.IsHeyReach,
                ["unsigned_allowlist_env"] = provider.IsHeyReach ? "HEYREACH_UNSIGNED_ALLOWLIST" : null,
                ["unsigned_allowlisted"] = provider.UnsignedAllowlisted(o, now),
                ["unsigned_allowlist_expires_at"] = provider.IsHeyReach && o.HeyReachUnsignedAllowlistExpiresAt is { } until ? PendingEmailJson.Microseconds(until) : null,
                ["authed"] = authed,
            };
        }

        var ready = !required || unauthed.Count == 0;
        var configured = unauthed.Count < WebhookProvider.All.Length;
        return new JsonObject
        {
            ["name"] = "webhooks",
            ["required"] = required,
            ["ready"] = ready,
            ["configured"] = configured,
            ["status"] = !configured ? "not_configured" : ready ? "healthy" : "unhealthy",
            ["message"] = unauthed.Count == 0 ? string.Empty : "no authentication configured for: " + string.Join(", ", unauthed.Select(n => n!.GetValue<string>())),
            ["provider_auth"] = auth,
            ["bearer_token_configured"] = o.WebhookBearerToken is not null,
            ["unauthed_providers"] = unauthed,
        };
    }
}
