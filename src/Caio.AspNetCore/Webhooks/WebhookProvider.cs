using Caio.Leads;

namespace Caio.AspNetCore.Webhooks;

/// <summary>How one provider's webhooks authenticate (section 5 of the compatibility contract).</summary>
internal sealed record WebhookProvider(string Name, string[] SignatureHeaders, string SecretEnv, string? BearerEnv)
{
    public static readonly WebhookProvider Instantly = new(ChannelNames.Instantly, ["X-Instantly-Signature"], "INSTANTLY_WEBHOOK_SECRET", "WEBHOOK_BEARER_TOKEN");
    public static readonly WebhookProvider HeyReach = new(ChannelNames.HeyReach, ["X-HeyReach-Signature"], "HEYREACH_WEBHOOK_SECRET", "HEYREACH_BEARER_TOKEN");
    public static readonly WebhookProvider Clay = new("clay", ["X-Clay-Signature"], "CLAY_WEBHOOK_SECRET", "WEBHOOK_BEARER_TOKEN");

    /// <summary>RB2B signs with HMAC; unlike the replaced server it also accepts the shared bearer, so a deployment the runtime report calls ready really is (contract 7.7).</summary>
    public static readonly WebhookProvider Rb2b = new("rb2b", ["X-Signature", "X-RB2B-Signature"], "RB2B_WEBHOOK_SECRET", "WEBHOOK_BEARER_TOKEN");

    public static readonly WebhookProvider[] All = [Instantly, HeyReach, Clay, Rb2b];

    public static WebhookProvider? Find(string name) => Array.Find(All, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool IsHeyReach => ReferenceEquals(this, HeyReach);

    public string? Secret(CaioDashboardOptions options) => options.WebhookSecrets.TryGetValue(Name, out var secret) ? secret : null;

    public string? Bearer(CaioDashboardOptions options) => BearerEnv switch
    {
        "HEYREACH_BEARER_TOKEN" => options.HeyReachBearerToken,
        "WEBHOOK_BEARER_TOKEN" => options.WebhookBearerToken,
        _ => null,
    };

    /// <summary>Whether the HeyReach unsigned allowlist is on and not expired.</summary>
    public bool UnsignedAllowlisted(CaioDashboardOptions options, DateTimeOffset now) =>
        IsHeyReach && options.HeyReachUnsignedAllowlist && options.HeyReachUnsignedAllowlistExpiresAt is { } until && now < until;

    /// <summary>Whether some authentication is configured (the runtime report's <c>authed</c>).</summary>
    public bool Authed(CaioDashboardOptions options, DateTimeOffset now) =>
        Secret(options) is not null || Bearer(options) is not null || options.StandardWebhooksSecrets.Count > 0
        || (IsHeyReach && (!options.WebhookStrictInEffect || UnsignedAllowlisted(options, now)));
}
