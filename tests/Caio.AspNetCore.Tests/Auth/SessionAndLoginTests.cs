using System.Net;
using System.Text.RegularExpressions;

namespace Caio.AspNetCore.Tests.Auth;

/// <summary>The browser session: login, cookie attributes, page gate, CSRF, login rate limit.</summary>
public sealed partial class SessionAndLoginTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_ValidToken_SetsHttpOnlyLaxCookieWithoutSecureOverHttpAndRedirects303()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        var page = await client.GetStringAsync("/login", Ct);
        Assert.Matches(TokenField(), page);
        Assert.Contains("action=\"/login\"", page, StringComparison.Ordinal);

        var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A"), new("next", "/scorecard")]), Ct);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/scorecard", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("caio_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Session_RoundTrips_SalesScorecardAndLegacyBookmark()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var cookies = new CookieContainer();
        using var client = host.Client(redirects: true, cookies);
        var login = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A")]), Ct);
        Assert.True((int)login.StatusCode < 400);
        var sales = await client.GetStringAsync("/sales", Ct);
        Assert.Matches(EmailList(), sales);
        Assert.DoesNotContain("tok-A", sales, StringComparison.Ordinal);
        Assert.Matches(ScorecardMarker(), await client.GetStringAsync("/scorecard", Ct));
        using var noRedirect = host.Client(redirects: false, cookies);
        var bookmark = await noRedirect.GetAsync("/ChiefAIOfficer?x=1", Ct);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, bookmark.StatusCode);
        Assert.Equal("/sales?x=1", bookmark.Headers.Location!.OriginalString);
        var root = await noRedirect.GetAsync("/", Ct);
        Assert.Equal("/sales", root.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Pages_WithoutSession_RedirectToLoginWithNext()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        var response = await client.GetAsync("/ChiefAIOfficer?a=b", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?next=" + Uri.EscapeDataString("/ChiefAIOfficer?a=b"), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_WrongToken_ShowsInvalidTokenAndTheSixthFailureIs429()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "wrong")]), Ct);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Contains("Invalid token", await failed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var blocked = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A")]), Ct);
        Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Login_OffSiteNext_IsReplacedBySales()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        foreach (var next in (string[])["//evil.example/x", "https://evil.example", "/\\evil.example"])
        {
            var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A"), new("next", next)]), Ct);
            Assert.Equal("/sales", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task SessionPost_WithoutCsrfToken_Is403AndWithItSucceedsRecordingTheSessionIdentity()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var item = await host.EnqueueAsync("ana@acme.example");
        var cookies = new CookieContainer();
        using var client = host.Client(redirects: false, cookies);
        await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A"), new("reviewer", "Maria Head")]), Ct);

        var refused = await client.PostAsync($"/api/emails/{item.Id}/approve", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("csrf_failed", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var session = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/session", Ct))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/emails/{item.Id}/approve?approver=someone_else");
        request.Headers.Add("X-CSRF-Token", session["csrf_token"]!.GetValue<string>());
        var approved = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Maria Head", (await host.Queue.GetAsync(item.Id, Ct))!.DecidedBy);
    }

    [Fact]
    public async Task ForgedOrTamperedSessionCookie_IsRefused()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        var login = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A")]), Ct);
        var value = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]["caio_session=".Length..];
        var tampered = value[..^2] + (value[^2] == 'A' ? "B" : "A") + value[^1];
        foreach (var cookie in (string[])[tampered, "e30.AAAA", "garbage"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/pending-emails");
            request.Headers.Add("Cookie", "caio_session=" + cookie);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request, Ct)).StatusCode);
        }

        await using var otherKey = await WebHost.StartAsync(new Dictionary<string, string?>(WebHost.ProfileA) { ["SESSION_SECRET_KEY"] = "another" });
        using var other = otherKey.Client();
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/pending-emails");
        foreign.Headers.Add("Cookie", "caio_session=" + value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.SendAsync(foreign, Ct)).StatusCode);
    }

    [GeneratedRegex("name\\s*=\\s*[\"']token[\"']", RegexOptions.IgnoreCase)]
    private static partial Regex TokenField();

    [GeneratedRegex("id\\s*=\\s*[\"']emailList[\"']")]
    private static partial Regex EmailList();

    [GeneratedRegex("scorecard|metric|kpi|precision|constraint", RegexOptions.IgnoreCase)]
    private static partial Regex ScorecardMarker();
}
