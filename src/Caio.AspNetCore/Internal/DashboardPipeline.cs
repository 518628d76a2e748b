using Caio.AspNetCore.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Caio.AspNetCore.Internal;

/// <summary>
/// Runs ahead of routing: security headers on every response, CORS (preflights are answered here and
/// never reach authentication), and, once routing has found nothing, a 401 for any unauthenticated
/// spelling of an <c>/api</c> path — so an unknown or oddly written API path is never a 404 to a stranger.
/// </summary>
internal sealed class DashboardPipeline : IStartupFilter
{
    public const string CorsPolicy = "CaioDashboard";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static (context, nextMiddleware) =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path.Value ?? string.Empty;
            if (!path.StartsWith("/docs", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("/scalar", StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return nextMiddleware(context);
        });
        app.UseCors(CorsPolicy);
        app.Use(static async (context, nextMiddleware) =>
        {
            var isApi = ApiPaths.IsApi(context.Request.Path.Value);
            if (isApi && HttpMethods.IsOptions(context.Request.Method))
            {
                // Not a CORS preflight (those were answered above): still never a 401.
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                context.Response.Headers.Allow = "GET, POST, OPTIONS";
                return;
            }

            await nextMiddleware(context).ConfigureAwait(false);
            if (isApi && context.GetEndpoint() is null && !context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status404NotFound)
            {
                var result = await context.AuthenticateAsync(DashboardAuthenticationHandler.SchemeName).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    await Problems.Write(context, 404, "Not Found", "No API route answers this path.", "not_found").ConfigureAwait(false);
                }
                else
                {
                    await context.ChallengeAsync(DashboardAuthenticationHandler.SchemeName).ConfigureAwait(false);
                }
            }
        });
        next(app);
    };
}
