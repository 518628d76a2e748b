using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Caio.AspNetCore.Internal;

/// <summary>Reads the replaced deployment's environment variable names into <see cref="CaioDashboardOptions"/>.</summary>
internal static class DashboardEnvironment
{
    public static readonly string[] DefaultCorsOrigins = ["http://localhost:8080", "http://127.0.0.1:8080", "http://localhost:3000", "http://127.0.0.1:3000"];

    public static readonly (string Provider, string SecretEnv)[] SecretNames =
    [
        ("instantly", "INSTANTLY_WEBHOOK_SECRET"), ("clay", "CLAY_WEBHOOK_SECRET"), ("rb2b", "RB2B_WEBHOOK_SECRET"), ("heyreach", "HEYREACH_WEBHOOK_SECRET"),
    ];

    public static void Apply(CaioDashboardOptions options, IConfiguration configuration)
    {
        string? Get(string name) => configuration[name] is { } value && value.Trim().Length > 0 ? value.Trim() : null;

        options.Environment = Get("ENVIRONMENT") ?? Get("RAILWAY_ENVIRONMENT");
        options.WebhookEnvironment = Get("ENVIRONMENT");
        options.Token = Get("DASHBOARD_AUTH_TOKEN");
        options.Strict = Bool(Get("DASHBOARD_AUTH_STRICT"), "DASHBOARD_AUTH_STRICT");
        options.QueryTokenEnabled = Bool(Get("DASHBOARD_QUERY_TOKEN_ENABLED"), "DASHBOARD_QUERY_TOKEN_ENABLED");
        foreach (var path in List(Get("DASHBOARD_AUTH_ALLOWLIST")))
        {
            options.Allowlist.Add(path);
        }

        options.SessionSecret = Get("SESSION_SECRET_KEY");
        foreach (var origin in Get("CORS_ALLOWED_ORIGINS") is { } origins ? List(origins) : DefaultCorsOrigins)
        {
            options.CorsOrigins.Add(origin.TrimEnd('/'));
        }

        var required = Get("WEBHOOK_SIGNATURE_REQUIRED");
        options.WebhookSignatureRequired = Bool(required, "WEBHOOK_SIGNATURE_REQUIRED");
        options.WebhookSignatureRequiredExplicit = required?.ToLowerInvariant() is "1" or "true" or "yes";
        options.WebhookBearerToken = Get("WEBHOOK_BEARER_TOKEN");
        options.HeyReachBearerToken = Get("HEYREACH_BEARER_TOKEN");
        options.HeyReachUnsignedAllowlist = Bool(Get("HEYREACH_UNSIGNED_ALLOWLIST"), "HEYREACH_UNSIGNED_ALLOWLIST") ?? false;
        if (Get("HEYREACH_UNSIGNED_ALLOWLIST_EXPIRES_AT") is { } expires)
        {
            options.HeyReachUnsignedAllowlistExpiresAt = DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new InvalidOperationException($"HEYREACH_UNSIGNED_ALLOWLIST_EXPIRES_AT must be an ISO 8601 date and time, not '{expires}'.");
        }

        foreach (var (provider, env) in SecretNames)
        {
            if (Get(env) is { } secret)
            {
                options.WebhookSecrets[provider] = secret;
            }
        }

        foreach (var secret in (Get("STANDARD_WEBHOOKS_SECRETS") ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            options.StandardWebhooksSecrets.Add(secret);
        }

        if (Get("WEBHOOK_MAX_BODY_BYTES") is { } max)
        {
            options.MaxWebhookBodyBytes = int.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
                ? bytes
                : throw new InvalidOperationException($"WEBHOOK_MAX_BODY_BYTES must be a positive whole number of bytes, not '{max}'.");
        }

        if (Get("WEBHOOK_DEDUPE_HORIZON_HOURS") is { } hours)
        {
            options.WebhookDedupeHorizon = double.TryParse(hours, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h > 0
                ? TimeSpan.FromHours(h)
                : throw new InvalidOperationException($"WEBHOOK_DEDUPE_HORIZON_HOURS must be a positive number of hours, not '{hours}'.");
        }
    }

    /// <summary>Parses 1/true/yes/on and 0/false/no/off; anything else fails the start naming the variable.</summary>
    public static bool? Bool(string? value, string name) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new InvalidOperationException($"{name} must be one of 1/true/yes/on or 0/false/no/off, not '{value}'."),
    };

    private static IEnumerable<string> List(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
