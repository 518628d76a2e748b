using System.Security.Cryptography;
using System.Text;
using Caio.AspNetCore.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Webhooks;

/// <summary>The outcome of authenticating a webhook: allowed (with the method), or the status and reason to answer.</summary>
internal readonly record struct WebhookAuthResult(bool Allowed, int Status, string Detail, string Method);

/// <summary>
/// Authenticates a webhook before its body is parsed, in the contract's precedence: a Standard Webhooks
/// signature when the request carries one and keys are configured; else the provider's HMAC
/// (<c>sha256=&lt;hex&gt;</c> over the raw body; a configured secret disables the bearer); else its bearer;
/// else (HeyReach only) the expiring unsigned allowlist, logged on every use; else strict mode answers 503.
/// </summary>
internal sealed partial class WebhookAuthenticator(IOptions<CaioDashboardOptions> options, TimeProvider time, ILogger<WebhookAuthenticator> logger)
{
    private readonly byte[][] _standardKeys = [.. options.Value.StandardWebhooksSecrets.Select(s => StandardWebhookVerifier.TryDecodeSecret(s, out var key) ? key : []).Where(k => k.Length > 0)];

    public WebhookAuthResult Authenticate(WebhookProvider provider, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (_standardKeys.Length > 0 && headers.ContainsKey("webhook-signature"))
        {
            return StandardWebhookVerifier.Verify(_standardKeys, headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body, now, o.StandardWebhooksTolerance, out var failure)
                ? new(true, 200, string.Empty, "standard_webhooks")
                : new(false, 401, "Invalid Standard Webhooks signature: " + failure, string.Empty);
        }

        if (provider.Secret(o) is { } secret)
        {
            var presented = provider.SignatureHeaders.Select(h => headers[h].ToString()).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            if (presented is null)
            {
                return new(false, 401, $"Missing {provider.SignatureHeaders[0]} header", string.Empty);
            }

            return SignatureMatches(secret, presented, body)
                ? new(true, 200, string.Empty, "hmac")
                : new(false, 401, "Invalid signature", string.Empty);
        }

        if (provider.Bearer(o) is { } bearer)
        {
            var authorization = headers.Authorization.ToString().Trim();
            if (!authorization.StartsWith("bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return new(false, 401, "Missing bearer token (Authorization: Bearer …)", string.Empty);
            }

            return TokenComparer.Matches(bearer, authorization["bearer ".Length..].Trim())
                ? new(true, 200, string.Empty, "bearer")
                : new(false, 401, "Invalid bearer token", string.Empty);
        }

        if (provider.IsHeyReach && o.HeyReachUnsignedAllowlist)
        {
            if (provider.UnsignedAllowlisted(o, now))
            {
                LogUnsignedAllowlistUse(logger, o.HeyReachUnsignedAllowlistExpiresAt!.Value);
                return new(true, 200, string.Empty, "unsigned_allowlist");
            }

            LogUnsignedAllowlistExpired(logger, o.HeyReachUnsignedAllowlistExpiresAt);
        }

        if (o.WebhookStrictInEffect)
        {
            return new(false, 503, $"{provider.Name} webhook auth not configured (set {provider.SecretEnv}{(provider.BearerEnv is null ? string.Empty : " or " + provider.BearerEnv)})", string.Empty);
        }

        return new(true, 200, string.Empty, "none_local");
    }

    /// <summary>Lower-case hex HMAC-SHA256 of the raw body; the header may carry a <c>sha256=</c> or <c>hmac-sha256=</c> prefix.</summary>
    internal static bool SignatureMatches(string secret, string presented, ReadOnlySpan<byte> body)
    {
        var value = presented.Trim();
        foreach (var prefix in (string[])["sha256=", "hmac-sha256="])
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[prefix.Length..].Trim();
                break;
            }
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(value.ToLowerInvariant()));
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "HeyReach webhook accepted without a signature: HEYREACH_UNSIGNED_ALLOWLIST is on until {ExpiresAt:O}. Configure HEYREACH_WEBHOOK_SECRET or HEYREACH_BEARER_TOKEN.")]
    private static partial void LogUnsignedAllowlistUse(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "HeyReach unsigned allowlist expired at {ExpiresAt:O}; unsigned HeyReach webhooks are no longer accepted.")]
    private static partial void LogUnsignedAllowlistExpired(ILogger logger, DateTimeOffset? expiresAt);
}
