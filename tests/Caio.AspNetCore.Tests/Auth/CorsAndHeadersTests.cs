using System.Net;

namespace Caio.AspNetCore.Tests.Auth;

/// <summary>CORS with exact origins and the security headers.</summary>
public sealed class CorsAndHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Preflight_AllowedOriginGetsHeadersAndDisallowedDoesNotButNeither401()
    {
        await using var host = await WebHost.StartAsync(new Dictionary<string, string?>(WebHost.ProfileA) { ["CORS_ALLOWED_ORIGINS"] = "https://dash.example" });
        using var client = host.Client();
        foreach (var (origin, allowed) in new[] { ("https://dash.example", true), ("https://evil.example", false), ("https://dash.example.evil", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/pending-emails");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "X-Dashboard-Token");
            var response = await client.SendAsync(request, Ct);
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/pending-emails");
        get.Headers.Add("Origin", "https://evil.example");
        get.Headers.Add("X-Dashboard-Token", "tok-A");
        var answer = await client.SendAsync(get, Ct);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Responses_CarrySecurityHeadersWithoutInlineScript()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        foreach (var path in (string[])["/login", "/api/health", "/api/pending-emails"])
        {
            var response = await client.GetAsync(path, Ct);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }

        var html = await client.GetStringAsync("/login", Ct);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenApi_IsServedInDevelopmentAndNotInProduction()
    {
        await using (var dev = await WebHost.StartAsync(WebHost.ProfileB, hostEnvironment: "Development"))
        {
            using var client = dev.Client();
            var document = await client.GetAsync("/openapi.json", Ct);
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            Assert.Contains("/api/pending-emails", await document.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        await using var production = await WebHost.StartAsync(WebHost.ProfileA, hostEnvironment: "Development");
        using var prod = production.Client();
        foreach (var path in (string[])["/docs", "/redoc", "/openapi.json"])
        {
            Assert.Equal(HttpStatusCode.NotFound, (await prod.GetAsync(path, Ct)).StatusCode);
        }
    }
}
