using Caio.AspNetCore.Webhooks;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Internal;

/// <summary>Fails the start with the setting's name when the dashboard configuration cannot be served safely.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<CaioDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, CaioDashboardOptions options)
    {
        var failures = new List<string>();
        if (options.IsProductionLike && options.SessionSecret is null && options.Token is null)
        {
            failures.Add("SESSION_SECRET_KEY (or DASHBOARD_AUTH_TOKEN) must be set when ENVIRONMENT is production or staging: sessions cannot be signed with a local default there.");
        }

        if (options.HeyReachUnsignedAllowlist && options.HeyReachUnsignedAllowlistExpiresAt is null)
        {
            failures.Add("HEYREACH_UNSIGNED_ALLOWLIST needs HEYREACH_UNSIGNED_ALLOWLIST_EXPIRES_AT: unsigned HeyReach posts are an escape hatch with an end date.");
        }

        foreach (var secret in options.StandardWebhooksSecrets)
        {
            if (!StandardWebhookVerifier.TryDecodeSecret(secret, out _))
            {
                failures.Add("STANDARD_WEBHOOKS_SECRETS holds a key that is not base64 (optionally prefixed whsec_).");
            }
        }

        foreach (var origin in options.CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"CORS_ALLOWED_ORIGINS entry '{origin}' is not an origin (scheme://host[:port]).");
            }
        }

        if (options.MaxWebhookBodyBytes <= 0)
        {
            failures.Add("WEBHOOK_MAX_BODY_BYTES must be positive.");
        }

        if (options.PendingListMaxAge < TimeSpan.Zero)
        {
            failures.Add("PendingListMaxAge must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
