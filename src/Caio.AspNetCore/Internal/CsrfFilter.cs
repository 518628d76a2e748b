using Caio.AspNetCore.Auth;
using Microsoft.AspNetCore.Http;

namespace Caio.AspNetCore.Internal;

/// <summary>
/// State-changing requests authenticated by the browser session must carry the session's CSRF token in
/// <c>X-CSRF-Token</c> (a page on another site can make the browser send the cookie, never read the token).
/// Token-authenticated requests carry no ambient credential and need none.
/// </summary>
internal sealed class CsrfFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.User.FindFirst(DashboardAuthenticationHandler.MethodClaim)?.Value == "session")
        {
            var expected = http.User.FindFirst(DashboardAuthenticationHandler.CsrfClaim)?.Value;
            if (expected is null || !TokenComparer.Matches(expected, http.Request.Headers[SessionCookie.CsrfHeader].ToString()))
            {
                return Problems.Result(403, "Forbidden", "A browser session must send its CSRF token in X-CSRF-Token (GET /api/session returns it).", "csrf_failed");
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
