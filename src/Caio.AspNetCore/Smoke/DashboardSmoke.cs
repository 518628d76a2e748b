using System.Text.Json.Nodes;

namespace Caio.AspNetCore.Smoke;

/// <summary>
/// The checks of the replaced deployment's smoke scripts (<c>endpoint_auth_smoke</c>,
/// <c>deployed_full_smoke_checklist</c>, <c>strict_auth_parity_smoke</c>, <c>webhook_strict_smoke</c>)
/// plus the authentication bypass matrix, against any deployment. Used by the worker's <c>smoke</c> commands.
/// </summary>
public static partial class DashboardSmoke
{
    private const string Protected = "/api/operator/status";

    /// <summary>The bypass attempts: each names a protected route in another spelling, or wraps a plain request in headers naming a public path.</summary>
    internal static readonly (string Name, string Target, (string Header, string Value)[] Headers)[] BypassMatrix =
    [
        ("upper_case", "/API/OPERATOR/STATUS", []),
        ("mixed_case", "/Api/Operator/Status", []),
        ("trailing_slash", "/api/operator/status/", []),
        ("double_slash_leading", "//api/operator/status", []),
        ("double_slash_inner", "/api//operator/status", []),
        ("dot_segment", "/api/./operator/status", []),
        ("dot_dot_segment", "/api/health/../operator/status", []),
        ("encoded_dot_dot", "/api/health/%2e%2e/operator/status", []),
        ("encoded_dot_dot_upper", "/api/health/%2E%2E/operator/status", []),
        ("encoded_slash", "/api%2Foperator%2Fstatus", []),
        ("encoded_slash_dot_dot", "/api/health%2F..%2Foperator/status", []),
        ("encoded_backslash", "/api/health%5C..%5Coperator/status", []),
        ("encoded_backslash_prefix", "/api%5Coperator%5Cstatus", []),
        ("semicolon_parameter", "/api/operator/status;jsessionid=1", []),
        ("semicolon_in_public_segment", "/api/health;/../operator/status", []),
        ("overlong_utf8_dot_dot", "/api/health/%C0%AE%C0%AE/operator/status", []),
        ("overlong_utf8_slash", "/api%C0%AFoperator%C0%AFstatus", []),
        ("absolute_form_target", "http://127.0.0.1/api/operator/status", []),
        ("unrouted_api_path", "/api/does-not-exist", []),
        ("spoofed_host", Protected, [("Host", "public.example")]),
        ("x_forwarded_prefix_public", Protected, [("X-Forwarded-Prefix", "/api/health")]),
        ("x_forwarded_path_public", Protected, [("X-Forwarded-Path", "/api/health/ready")]),
        ("x_original_url_public", Protected, [("X-Original-URL", "/api/health")]),
        ("x_rewrite_url_public", Protected, [("X-Rewrite-URL", "/api/health/ready")]),
        ("x_forwarded_host_proto", Protected, [("X-Forwarded-Host", "localhost"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "127.0.0.1")]),
        ("x_forwarded_uri_public", "/api/pending-emails", [("X-Forwarded-Uri", "/api/health"), ("X-Envoy-Original-Path", "/api/health")]),
    ];

    private static KeyValuePair<string, string>[] Header(string name, string value) => [new(name, value)];

    private static JsonObject? Json(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static SmokeCheck Check(string name, string method, string url, int? status, bool passed, string expectation, string? detail = null) =>
        new(name, method, url, status, passed, expectation, detail);

    /// <summary>The bypass matrix: no spelling or header reaches a protected route without credentials.</summary>
    private static async Task AddBypassChecksAsync(SmokeClient client, List<SmokeCheck> checks, CancellationToken cancellationToken)
    {
        foreach (var (name, target, headers) in BypassMatrix)
        {
            var (status, error) = await client.RawGetAsync(target, headers.Select(h => new KeyValuePair<string, string>(h.Header, h.Value)), cancellationToken).ConfigureAwait(false);
            var passed = status is 400 or 401 or 403 or 404 or 405;
            checks.Add(Check("bypass::" + name, "GET", target, status, passed, "no credentials: 401 (or 400/403/404/405), never 2xx, 3xx or 5xx", error ?? string.Join(", ", headers.Select(h => h.Header + ": " + h.Value))));
        }
    }
}
