using System.Text;
using System.Text.Json.Nodes;

namespace Caio.AspNetCore.Smoke;

/// <summary>The webhook checks.</summary>
public static partial class DashboardSmoke
{
    /// <summary>The body the contract's webhook script posts, byte for byte.</summary>
    internal const string WebhookBody = "{\"eventType\": \"UNKNOWN\", \"data\": {\"lead_email\": \"lead@example.com\"}}";

    /// <summary>
    /// Runs the checks of <c>webhook_strict_smoke</c> (strictness as expected, ready when required, unsigned
    /// posts refused in strict mode, the bearer accepted), plus: each provider's health route answers, a
    /// wrong bearer is refused, a malformed body with a valid bearer is a 400 (never a 500) and an oversize
    /// body is a 413.
    /// </summary>
    /// <param name="options">What to check.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Every check with its outcome.</returns>
    public static async Task<SmokeReport> RunWebhooksAsync(WebhookSmokeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var client = new SmokeClient(options.BaseUrl, options.Timeout);
        var b = client.Base;
        var checks = new List<SmokeCheck>();
        var expect = options.ExpectWebhookRequired;

        var (depStatus, depBody, depError) = await client.SendAsync(HttpMethod.Get, "/api/runtime/dependencies", Header("X-Dashboard-Token", options.DashboardToken), cancellationToken: cancellationToken).ConfigureAwait(false);
        var webhooks = Json(depBody)?["dependencies"]?["webhooks"] as JsonObject;
        var required = webhooks?["required"] is JsonValue rv && rv.TryGetValue<bool>(out var req) && req;
        checks.Add(Check("runtime_webhook_required_matches_expectation", "GET", b + "/api/runtime/dependencies", depStatus, depStatus == 200 && required == expect, $"200 and dependencies.webhooks.required == {expect.ToString().ToLowerInvariant()}", depError));
        if (expect)
        {
            var ready = webhooks?["ready"] is JsonValue v && v.TryGetValue<bool>(out var r) && r;
            checks.Add(Check("runtime_webhook_ready_when_required", "GET", b + "/api/runtime/dependencies", depStatus, depStatus == 200 && ready, "dependencies.webhooks.ready is JSON true", webhooks?["message"]?.ToString()));
        }

        foreach (var (name, path) in ((string, string)[])[("instantly", "/webhooks/instantly/open"), ("clay", "/webhooks/clay"), ("rb2b", "/webhooks/rb2b")])
        {
            var (s, _, e) = await client.SendAsync(HttpMethod.Post, path, json: WebhookBody, cancellationToken: cancellationToken).ConfigureAwait(false);
            checks.Add(expect
                ? Check(name + "_no_auth_blocked", "POST", b + path, s, s is 401 or 503, "strict: 401 or 503", e)
                : Check(name + "_no_auth_blocked", "POST", b + path, s, s is not null, "not strict: any HTTP status", e));
        }

        var (hs, _, he) = await client.SendAsync(HttpMethod.Post, "/webhooks/heyreach", json: WebhookBody, cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(options.RequireHeyReachHardAuth
            ? Check("heyreach_auth_behavior", "POST", b + "/webhooks/heyreach", hs, hs is 401 or 503, "hard auth: 401 or 503", he)
            : Check("heyreach_auth_behavior", "POST", b + "/webhooks/heyreach", hs, hs is not null, "any HTTP status", he));

        foreach (var provider in (string[])["instantly", "heyreach", "clay", "rb2b"])
        {
            var (s, body, e) = await client.SendAsync(HttpMethod.Get, $"/webhooks/{provider}/health", cancellationToken: cancellationToken).ConfigureAwait(false);
            checks.Add(Check(provider + "_health", "GET", $"{b}/webhooks/{provider}/health", s, s == 200 && Json(body)?["signature_strict_mode"] is JsonValue, "200 with the policy in force", e));
        }

        if (!string.IsNullOrEmpty(options.WebhookBearerToken))
        {
            var bearer = Header("Authorization", "Bearer " + options.WebhookBearerToken);
            foreach (var (name, path) in ((string, string)[])[("instantly", "/webhooks/instantly/open"), ("clay", "/webhooks/clay")])
            {
                var (s, _, e) = await client.SendAsync(HttpMethod.Post, path, bearer, WebhookBody, cancellationToken).ConfigureAwait(false);
                checks.Add(Check(name + "_bearer_allows_request", "POST", b + path, s, s is not null and not 401 and not 503, "not 401 or 503", e));
            }

            var (ws, _, we) = await client.SendAsync(HttpMethod.Post, "/webhooks/clay", Header("Authorization", "Bearer wrong-" + Guid.NewGuid().ToString("N")), WebhookBody, cancellationToken).ConfigureAwait(false);
            checks.Add(expect
                ? Check("clay_wrong_bearer_refused", "POST", b + "/webhooks/clay", ws, ws == 401, "== 401", we)
                : Check("clay_wrong_bearer_refused", "POST", b + "/webhooks/clay", ws, ws is 401 or (>= 200 and < 300), "401, or accepted when no bearer is configured", we));
            var (ms, _, me) = await client.SendAsync(HttpMethod.Post, "/webhooks/clay", bearer, "{\"data\": ", cancellationToken).ConfigureAwait(false);
            checks.Add(Check("clay_malformed_body_400", "POST", b + "/webhooks/clay", ms, ms == 400, "truncated JSON with a valid bearer: == 400", me));
            var huge = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
            var (os, oe) = await client.SendBytesAsync("/webhooks/clay", huge, bearer, cancellationToken).ConfigureAwait(false);
            checks.Add(Check("clay_oversize_body_413", "POST", b + "/webhooks/clay", os, os == 413, "a 2 MiB body: == 413", oe));
        }

        return new SmokeReport(b, checks);
    }
}
