namespace Caio.AspNetCore.Smoke;

/// <summary>What <c>smoke webhooks</c> checks.</summary>
public sealed record WebhookSmokeOptions
{
    /// <summary>The deployment.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The dashboard token (to read <c>/api/runtime/dependencies</c>).</summary>
    public required string DashboardToken { get; init; }

    /// <summary>The shared webhook bearer; without it the positive and malformed-body checks are skipped.</summary>
    public string? WebhookBearerToken { get; init; }

    /// <summary>Whether webhook strict mode is expected (the contract scripts' default: true).</summary>
    public bool ExpectWebhookRequired { get; init; } = true;

    /// <summary>Whether unsigned HeyReach posts must be refused.</summary>
    public bool RequireHeyReachHardAuth { get; init; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}
