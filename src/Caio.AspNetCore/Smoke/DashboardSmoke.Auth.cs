using System.Text.Json.Nodes;

namespace Caio.AspNetCore.Smoke;

/// <summary>The dashboard authentication checks.</summary>
public static partial class DashboardSmoke
{
    /// <summary>
    /// Runs the checks of <c>endpoint_auth_smoke</c> and <c>deployed_full_smoke_checklist</c> (with
    /// <see cref="AuthSmokeOptions.ExpectQueryTokenEnabled"/> as given), the token-leak and OpenAPI checks of
    /// <c>strict_auth_parity_smoke</c> for production-like deployments, and the bypass matrix.
    /// </summary>
    /// <param name="options">What to check.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Every check with its outcome.</returns>
    public static async Task<SmokeReport> RunAuthAsync(AuthSmokeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var client = new SmokeClient(options.BaseUrl, options.Timeout);
        var b = client.Base;
        var token = Header("X-Dashboard-Token", options.Token);
        var checks = new List<SmokeCheck>();

        var (s, _, e) = await client.SendAsync(HttpMethod.Get, Protected, cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("protected_status_unauth", "GET", b + Protected, s, s == 401, "== 401", e));
        (s, _, e) = await client.SendAsync(HttpMethod.Post, "/api/operator/trigger", json: "{\"dry_run\": true}", cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("protected_trigger_unauth", "POST", b + "/api/operator/trigger", s, s == 401, "== 401 (auth before body binding)", e));
        var (readyStatus, readyBody, readyError) = await client.SendAsync(HttpMethod.Get, "/api/health/ready", cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("health_ready_unauth", "GET", b + "/api/health/ready", readyStatus, readyStatus == 200, "== 200", readyError));
        var queryPath = Protected + "?token=" + Uri.EscapeDataString(options.Token);
        (s, _, e) = await client.SendAsync(HttpMethod.Get, queryPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(options.ExpectQueryTokenEnabled
            ? Check("protected_status_query_token", "GET", b + Protected + "?token=***", s, s is not null and not 401, "query tokens enabled: != 401", e)
            : Check("protected_status_query_token", "GET", b + Protected + "?token=***", s, s == 401, "query tokens disabled: == 401", e));
        (s, _, e) = await client.SendAsync(HttpMethod.Get, Protected, token, cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("protected_status_header_token", "GET", b + Protected, s, s is not null and not 401, "!= 401", e));
        var (depStatus, depBody, depError) = await client.SendAsync(HttpMethod.Get, "/api/runtime/dependencies", token, cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("runtime_dependencies_header_token", "GET", b + "/api/runtime/dependencies", depStatus, depStatus is not null and not 401, "!= 401", depError));

        (s, _, e) = await client.SendAsync(HttpMethod.Get, "/api/pending-emails", Header("Accept", "application/json"), cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("pending_emails_unauth_blocked", "GET", b + "/api/pending-emails", s, s == 401, "== 401", e));
        var deps = Json(depBody);
        checks.Add(Check("runtime_dependencies_ready", "GET", b + "/api/runtime/dependencies", depStatus, depStatus == 200 && deps?["ready"] is JsonValue r && r.TryGetValue<bool>(out var ready) && ready, "200 and ready is JSON true"));
        var objectsPresent = deps?["dependencies"] is JsonObject d && d["webhooks"] is JsonObject w && w["provider_auth"] is JsonObject && deps["auth"] is JsonObject;
        checks.Add(Check("runtime_dependencies_objects", "GET", b + "/api/runtime/dependencies", depStatus, depStatus == 200 && objectsPresent, "dependencies, dependencies.webhooks, provider_auth and auth are JSON objects"));
        var readyJson = Json(readyBody);
        checks.Add(Check("health_ready_status", "GET", b + "/api/health/ready", readyStatus, readyStatus == 200 && readyJson?["status"]?.ToString().ToLowerInvariant() is "ready" or "ok" or "healthy", "200 and status in ready/ok/healthy"));
        checks.Add(Check("health_no_token_leak", "GET", b + "/api/health/ready", readyStatus, readyStatus == 200 && !readyBody.Contains(options.Token, StringComparison.Ordinal), "200 and the token is not in the body"));

        (s, _, e) = await client.SendAsync(HttpMethod.Options, Protected, [new("Origin", "https://example.com"), new("Access-Control-Request-Method", "GET"), new("Access-Control-Request-Headers", "X-Dashboard-Token")], cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("cors_preflight_not_unauthorized", "OPTIONS", b + Protected, s, s is not null and not 401, "!= 401", e));
        var (salesStatus, salesBody, salesError) = await client.SendAsync(HttpMethod.Get, "/sales", cancellationToken: cancellationToken).ConfigureAwait(false);
        var wired = new[] { "setInterval", "visibilitychange", "/api/pending-emails", "fetchPendingEmails" }.All(m => salesBody.Contains(m, StringComparison.Ordinal));
        var gate = salesBody.Contains("CAIO Dashboard Login", StringComparison.Ordinal) || salesBody.Contains("action=\"/login\"", StringComparison.Ordinal);
        checks.Add(Check("sales_page_auto_refresh_wiring", "GET", b + "/sales", salesStatus, salesStatus == 200 && (wired || gate), "200 with the refresh wiring or the login gate", salesError));
        checks.Add(Check("sales_page_no_token_in_html", "GET", b + "/sales", salesStatus, salesStatus == 200 && !salesBody.Contains(options.Token, StringComparison.Ordinal), "the token never appears in page HTML"));
        (s, _, e) = await client.SendAsync(HttpMethod.Get, "/ChiefAIOfficer", cancellationToken: cancellationToken).ConfigureAwait(false);
        checks.Add(Check("legacy_sales_bookmark_not_dead", "GET", b + "/ChiefAIOfficer", s, s is not null and not 404, "!= 404", e));

        var pendingHeaders = new KeyValuePair<string, string>[] { new("X-Dashboard-Token", options.Token), new("Accept", "application/json") };
        var (p1, body1, _) = await client.SendAsync(HttpMethod.Get, "/api/pending-emails?_ts=1", pendingHeaders, cancellationToken: cancellationToken).ConfigureAwait(false);
        await Task.Delay(options.RefreshWait, cancellationToken).ConfigureAwait(false);
        var (p2, body2, e2) = await client.SendAsync(HttpMethod.Get, "/api/pending-emails?_ts=2", pendingHeaders, cancellationToken: cancellationToken).ConfigureAwait(false);
        var first = Json(body1)?["refreshed_at"]?.ToString();
        var second = Json(body2)?["refreshed_at"]?.ToString();
        checks.Add(Check("pending_emails_refresh_timestamp_changes", "GET", b + "/api/pending-emails", p2, p1 == 200 && p2 == 200 && !string.IsNullOrEmpty(first) && !string.IsNullOrEmpty(second) && first != second, "both 200 with different refreshed_at", e2));
        var items = Json(body2)?["pending_emails"] as JsonArray;
        var classifierOk = items is null || items.Count == 0
            || (items[0] is JsonObject item && item["classifier"] is JsonObject c && c.ContainsKey("target_platform") && c.ContainsKey("queue_origin") && item["campaign_ref"] is JsonObject cr && cr.ContainsKey("internal_id"));
        checks.Add(Check("pending_emails_classifier_contract", "GET", b + "/api/pending-emails", p2, p2 == 200 && classifierOk, "classifier and campaign_ref are objects with their keys"));

        if (deps?["auth"]?["environment"]?.ToString() is "production" or "staging")
        {
            foreach (var path in (string[])["/docs", "/redoc", "/openapi.json"])
            {
                (s, _, e) = await client.SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
                checks.Add(Check("openapi_" + path.TrimStart('/') + "_blocked", "GET", b + path, s, s == 404, "production-like: == 404 after redirects", e));
            }
        }

        await AddBypassChecksAsync(client, checks, cancellationToken).ConfigureAwait(false);
        return new SmokeReport(b, checks);
    }
}
