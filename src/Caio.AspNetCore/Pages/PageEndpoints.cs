using System.Net;
using Caio.AspNetCore.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Caio.AspNetCore.Pages;

/// <summary>
/// The approval page and its login: <c>/login</c>, <c>/logout</c>, <c>/sales</c> (and <c>/</c>,
/// <c>/scorecard</c>, <c>/ChiefAIOfficer</c>), <c>/static/*</c>. A page without a session redirects to
/// <c>/login?next=…</c>; no page ever carries the token.
/// </summary>
internal static class PageEndpoints
{
    public static void Map(RouteGroupBuilder root)
    {
        root.MapGet("/login", LoginPageAsync).AllowAnonymous().ExcludeFromDescription();
        root.MapPost("/login", LoginAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        root.MapMethods("/logout", ["GET", "POST"], (HttpContext context) =>
        {
            SessionCookie.Clear(context);
            return Results.Redirect("/login");
        }).AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/", Gated(_ => Results.Redirect("/sales"))).AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/sales", Gated(_ => Html("sales.html"))).AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/scorecard", Gated(_ => Html("scorecard.html"))).AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/ChiefAIOfficer", Gated(c => Results.Redirect("/sales" + c.Request.QueryString.Value, permanent: false, preserveMethod: true)))
            .AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/static/{name}", (string name) => EmbeddedAssets.Get(name) is { } bytes
            ? Results.Bytes(bytes, EmbeddedAssets.ContentType(name))
            : Results.NotFound()).AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/favicon.ico", () => Results.NoContent()).AllowAnonymous().ExcludeFromDescription();
    }

    private static Func<HttpContext, Task<IResult>> Gated(Func<HttpContext, IResult> page) => context => Gate(context, page);

    private static async Task<IResult> Gate(HttpContext context, Func<HttpContext, IResult> page)
    {
        var result = await context.AuthenticateAsync(DashboardAuthenticationHandler.SchemeName).ConfigureAwait(false);
        if (result.Succeeded)
        {
            context.Response.Headers.CacheControl = "no-store";
            return page(context);
        }

        return Results.Redirect("/login?next=" + Uri.EscapeDataString(context.Request.Path.Value + context.Request.QueryString.Value));
    }

    private static IResult Html(string name) => Results.Bytes(EmbeddedAssets.Get(name)!, "text/html; charset=utf-8");

    private static async Task<IResult> LoginPageAsync(HttpContext context, SessionCookie sessions)
    {
        var next = SafeNext(context.Request.Query["next"]);
        if (sessions.Read(context.Request.Cookies[SessionCookie.Name]) is not null)
        {
            return Results.Redirect(next);
        }

        await Task.CompletedTask.ConfigureAwait(false);
        return LoginHtml(next, error: null, 200);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, SessionCookie sessions, LoginThrottle throttle, Microsoft.Extensions.Options.IOptions<CaioDashboardOptions> options)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.IsBlocked(client, out var retryAfter))
        {
            return TooManyFailures(context, retryAfter);
        }

        if (!context.Request.HasFormContentType)
        {
            return LoginHtml("/sales", "Send the sign-in form.", 400);
        }

        // The body is read before a slot is reserved, under the request's own limits (size, minimum data rate), so a
        // client that sends its body slowly holds no slot; the check above only spares reading a blocked client's body.
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var next = SafeNext(form["next"]);
        var token = form["token"].ToString();
        using (var attempt = throttle.TryBeginAttempt(client, out retryAfter))
        {
            if (attempt is null)
            {
                return TooManyFailures(context, retryAfter);
            }

            if (token.Length == 0 || !DashboardAuthenticationHandler.TokenValid(options.Value, token))
            {
                attempt.Fail();
                return LoginHtml(next, "Invalid token", 200);
            }
        }

        var reviewer = form["reviewer"].ToString().Trim();
        var subject = reviewer.Length is > 0 and <= 64 && reviewer.All(ch => char.IsLetterOrDigit(ch) || ch is ' ' or '.' or '-' or '_' or '@')
            ? reviewer
            : "dashboard-session";
        sessions.Append(context, sessions.Issue(subject));
        return new SeeOther(next);
    }

    private static IResult TooManyFailures(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Internal.Problems.Result(429, "Too Many Requests", "Too many failed sign-ins from this address; wait a few minutes.", "login_rate_limited");
    }

    private static IResult LoginHtml(string next, string? error, int status) =>
        Results.Content(
            EmbeddedAssets.Text("login.html")
                .Replace("{{next}}", WebUtility.HtmlEncode(next), StringComparison.Ordinal)
                .Replace("{{error}}", error is null ? string.Empty : "<p class=\"error\" role=\"alert\">" + WebUtility.HtmlEncode(error) + "</p>", StringComparison.Ordinal),
            "text/html; charset=utf-8",
            statusCode: status);

    /// <summary>Only a local path is a valid target: <c>/x</c>, never <c>//host</c> or <c>/\host</c>.</summary>
    internal static string SafeNext(string? next) =>
        next is { Length: > 0 } n && n[0] == '/' && (n.Length == 1 || (n[1] != '/' && n[1] != '\\')) && !n.Contains("://", StringComparison.Ordinal) ? n : "/sales";

    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
