using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Caio.AspNetCore.Internal;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Auth;

/// <summary>
/// Authenticates a dashboard request: <c>X-Dashboard-Token</c> (constant-time), <c>?token=</c> only when
/// query tokens are enabled, or the <c>caio_session</c> cookie. Without a configured token, strict mode
/// fails closed and local mode lets every request through (the replaced deployment's dev mode).
/// The challenge is a plain 401 Problem Details, never a redirect.
/// </summary>
internal sealed class DashboardAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<CaioDashboardOptions> dashboard,
    SessionCookie sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "CaioDashboard";
    public const string TokenHeader = "X-Dashboard-Token";
    public const string MethodClaim = "caio:auth_method";
    public const string CsrfClaim = "caio:csrf";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = dashboard.Value;
        if (Request.Headers.TryGetValue(TokenHeader, out var header))
        {
            return Task.FromResult(TokenValid(options, header.ToString()) ? Success("dashboard-token", "token", null) : AuthenticateResult.Fail("invalid dashboard token"));
        }

        if (options.QueryTokenInEffect && Request.Query.TryGetValue("token", out var query))
        {
            return Task.FromResult(TokenValid(options, query.ToString()) ? Success("dashboard-token", "query_token", null) : AuthenticateResult.Fail("invalid dashboard token"));
        }

        if (Request.Cookies.TryGetValue(SessionCookie.Name, out var cookie))
        {
            if (sessions.Read(cookie) is { } session)
            {
                return Task.FromResult(Success(session.Sub, "session", sessions.CsrfToken(session)));
            }
        }

        if (options.Token is null && !options.StrictInEffect)
        {
            return Task.FromResult(Success("local-dev", "open_local", null));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = dashboard.Value.Token is null && dashboard.Value.StrictInEffect
            ? "Dashboard authentication is strict and no DASHBOARD_AUTH_TOKEN is configured: every request is refused."
            : "Authentication required: send X-Dashboard-Token or sign in at /login.";
        await Problems.Write(Context, 401, "Unauthorized", detail, "unauthenticated").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, 403, "Forbidden", "This request is not allowed for the signed-in identity.", "forbidden");

    internal static bool TokenValid(CaioDashboardOptions options, string? presented) =>
        options.Token is { } token ? TokenComparer.Matches(token, presented?.Trim()) : !options.StrictInEffect;

    private AuthenticateResult Success(string name, string method, string? csrf)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(MethodClaim, method) };
        if (csrf is not null)
        {
            claims.Add(new Claim(CsrfClaim, csrf));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
