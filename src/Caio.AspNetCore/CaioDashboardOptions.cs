namespace Caio.AspNetCore;

/// <summary>
/// Settings of the dashboard API, the approval page and the webhook endpoints. <c>AddCaioDashboard</c>
/// fills them from the environment variable names of the replaced deployment (<c>ENVIRONMENT</c>,
/// <c>DASHBOARD_AUTH_TOKEN</c>, <c>WEBHOOK_BEARER_TOKEN</c> …; see docs/configuration.md), then applies
/// the caller's changes. Unset switches take the defaults of the environment: production and staging
/// are strict.
/// </summary>
public sealed class CaioDashboardOptions
{
    /// <summary><c>ENVIRONMENT</c> (fallback <c>RAILWAY_ENVIRONMENT</c> for the dashboard only); <c>production</c> or <c>staging</c> is production-like.</summary>
    public string? Environment { get; set; }

    /// <summary><c>ENVIRONMENT</c> alone: the value webhook strictness is derived from.</summary>
    public string? WebhookEnvironment { get; set; }

    /// <summary><c>DASHBOARD_AUTH_TOKEN</c>: the dashboard token (header <c>X-Dashboard-Token</c>).</summary>
    public string? Token { get; set; }

    /// <summary><c>DASHBOARD_AUTH_STRICT</c>: fail closed without a token. Default: production-like.</summary>
    public bool? Strict { get; set; }

    /// <summary><c>DASHBOARD_QUERY_TOKEN_ENABLED</c>: accept <c>?token=</c>. Default: not production-like.</summary>
    public bool? QueryTokenEnabled { get; set; }

    /// <summary><c>DASHBOARD_AUTH_ALLOWLIST</c>: extra public <c>/api</c> paths (exact, case-insensitive).</summary>
    public IList<string> Allowlist { get; } = [];

    /// <summary><c>SESSION_SECRET_KEY</c>: the key the session cookie is signed with.</summary>
    public string? SessionSecret { get; set; }

    /// <summary><c>CORS_ALLOWED_ORIGINS</c>: exact origins allowed to call the API from a browser.</summary>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary><c>WEBHOOK_SIGNATURE_REQUIRED</c>: webhook strict mode. Default: <see cref="WebhookEnvironment"/> is production-like.</summary>
    public bool? WebhookSignatureRequired { get; set; }

    /// <summary>Whether <c>WEBHOOK_SIGNATURE_REQUIRED</c> was literally 1, true or yes (reported as <c>auth.webhook_signature_required</c>).</summary>
    public bool WebhookSignatureRequiredExplicit { get; set; }

    /// <summary><c>WEBHOOK_BEARER_TOKEN</c>: shared bearer of Instantly, Clay and RB2B.</summary>
    public string? WebhookBearerToken { get; set; }

    /// <summary><c>HEYREACH_BEARER_TOKEN</c>.</summary>
    public string? HeyReachBearerToken { get; set; }

    /// <summary><c>HEYREACH_UNSIGNED_ALLOWLIST</c>: accept unsigned HeyReach posts (an escape hatch; needs <see cref="HeyReachUnsignedAllowlistExpiresAt"/>).</summary>
    public bool HeyReachUnsignedAllowlist { get; set; }

    /// <summary><c>HEYREACH_UNSIGNED_ALLOWLIST_EXPIRES_AT</c>: when the unsigned allowlist stops working (ISO 8601).</summary>
    public DateTimeOffset? HeyReachUnsignedAllowlistExpiresAt { get; set; }

    /// <summary>Per-provider HMAC secrets (<c>INSTANTLY_WEBHOOK_SECRET</c>, <c>CLAY_WEBHOOK_SECRET</c>, <c>RB2B_WEBHOOK_SECRET</c>, <c>HEYREACH_WEBHOOK_SECRET</c>), keyed by provider.</summary>
    public IDictionary<string, string> WebhookSecrets { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>STANDARD_WEBHOOKS_SECRETS</c>: Standard Webhooks keys (<c>whsec_…</c>, space separated for rotation) accepted on every webhook route.</summary>
    public IList<string> StandardWebhooksSecrets { get; } = [];

    /// <summary><c>WEBHOOK_MAX_BODY_BYTES</c>: larger bodies are answered 413. Default 1 MiB.</summary>
    public int MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary><c>WEBHOOK_DEDUPE_HORIZON_HOURS</c>: how long an event id is remembered (duplicates answered 200 and ignored). Default 72 h, longer than the providers' retry windows.</summary>
    public TimeSpan WebhookDedupeHorizon { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Standard Webhooks timestamp tolerance (±). Default 5 minutes.</summary>
    public TimeSpan StandardWebhooksTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Login failures per client before <c>POST /login</c> answers 429. Default 5.</summary>
    public int LoginFailureLimit { get; set; } = 5;

    /// <summary>Window the login failures are counted in. Default 5 minutes.</summary>
    public TimeSpan LoginFailureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of a browser session. Default 14 days.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often the webhook inbox is polled for events left by a restart. Default 1 second.</summary>
    public TimeSpan InboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest time <c>GET /api/pending-emails</c> serves pending drafts from its in-memory read model
    /// before reading their records again. Which drafts are pending (new drafts, decisions, expiry, also by
    /// another process such as the worker) is checked on every request; this bound only covers an edit of a
    /// draft that stays pending. Default 1 second; <see cref="TimeSpan.Zero"/> reads every record on every request.
    /// </summary>
    public TimeSpan PendingListMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the environment is production-like (production or staging).</summary>
    public bool IsProductionLike => IsProductionName(Environment);

    /// <summary>Strict token mode in force.</summary>
    public bool StrictInEffect => Strict ?? IsProductionLike;

    /// <summary>Query-token auth in force.</summary>
    public bool QueryTokenInEffect => QueryTokenEnabled ?? !IsProductionLike;

    /// <summary>Webhook strict mode in force.</summary>
    public bool WebhookStrictInEffect => WebhookSignatureRequired ?? IsProductionName(WebhookEnvironment);

    internal static bool IsProductionName(string? name) =>
        name?.Trim().ToLowerInvariant() is "production" or "staging";
}
