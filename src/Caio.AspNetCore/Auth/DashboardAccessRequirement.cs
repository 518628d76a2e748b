using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Auth;

/// <summary>The dashboard API's policy: an authenticated identity, unless the request's canonical path is on <c>DASHBOARD_AUTH_ALLOWLIST</c>.</summary>
internal sealed class DashboardAccessRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public const string PolicyName = "CaioDashboard";

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Succeed(this);
        }
        else if (context.Resource is HttpContext http
            && http.RequestServices.GetService(typeof(IOptions<CaioDashboardOptions>)) is IOptions<CaioDashboardOptions> options
            && options.Value.Allowlist.Count > 0
            && ApiPaths.Canonical(http.Request.Path.Value) is { } path
            && options.Value.Allowlist.Any(p => string.Equals(ApiPaths.Canonical(p), path, StringComparison.OrdinalIgnoreCase)))
        {
            context.Succeed(this);
        }

        return Task.CompletedTask;
    }
}
