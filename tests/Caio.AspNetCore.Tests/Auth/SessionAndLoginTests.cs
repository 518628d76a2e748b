using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Login_ConcurrentWrongTokensWhoseBodiesArriveLater_FiveAreEvaluatedAndTheRestAre429()
    {
        const int attempts = 30;
        var reading = new LoginBodyReads(attempts);
        await using var host = await WebHost.StartAsync(WebHost.ProfileA, services: s => s.AddSingleton<IStartupFilter>(reading));
        using var client = host.Client();
        var bodies = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = Enumerable.Range(0, attempts).Select(i => client.SendAsync(SlowLogin("wrong-" + i, bodies.Task), Ct)).ToList();

        await reading.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct); // every attempt is past the check before the body, waiting for it
        bodies.SetResult();
        var answers = await Task.WhenAll(sent);

        Assert.Equal(5, answers.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal((HttpStatusCode)429, r.StatusCode);
            Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        });
        var afterwards = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A")]), Ct);
        Assert.Equal((HttpStatusCode)429, afterwards.StatusCode);
    }

    [Fact]
    public async Task Login_BodyStillArriving_HoldsNoSlot_ACorrectTokenSignsInMeanwhile()
    {
        var reading = new LoginBodyReads(5);
        await using var host = await WebHost.StartAsync(WebHost.ProfileA, services: s => s.AddSingleton<IStartupFilter>(reading));
        using var client = host.Client();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "wrong")]), Ct)).StatusCode);
        }

        var body = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = client.SendAsync(SlowLogin("wrong-slow", body.Task), Ct);
        await reading.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var signedIn = await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A")]), Ct);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);

        body.SetResult();
        var fifth = await slow;
        Assert.Equal(HttpStatusCode.OK, fifth.StatusCode);
        Assert.Contains("Invalid token", await fifth.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)429, (await client.PostAsync("/login", new FormUrlEncodedContent([new("token", "tok-A")]), Ct)).StatusCode);
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

    /// <summary>A login whose headers go first (<c>Expect: 100-continue</c>) and whose form body is sent only once <paramref name="bodySent"/> completes.</summary>
    private static HttpRequestMessage SlowLogin(string token, Task bodySent)
    {
        var content = new StreamContent(new GatedStream(Encoding.ASCII.GetBytes("token=" + Uri.EscapeDataString(token)), bodySent));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = content };
        request.Headers.ExpectContinue = true;
        return request;
    }

    /// <summary>A request body that yields nothing until the gate completes, then its bytes.</summary>
    private sealed class GatedStream(byte[] data, Task gate) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            var count = Math.Min(buffer.Length, data.Length - _position);
            data.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// Server side: completes <see cref="Reached"/> once the given number of <c>POST /login</c> requests have started
    /// reading their body, that is, once each is past the endpoint's checks that come before the body.
    /// </summary>
    private sealed class LoginBodyReads(int expected) : IStartupFilter
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;

        public Task Reached => _reached.Task;

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/login")
                {
                    context.Request.Body = new FirstReadSignal(context.Request.Body, Started);
                }

                return rest(context);
            });
            next(app);
        };

        private void Started()
        {
            if (Interlocked.Increment(ref _started) == expected)
            {
                _reached.SetResult();
            }
        }
    }

    /// <summary>Passes reads through to the request body, calling back on the first.</summary>
    private sealed class FirstReadSignal(Stream inner, Action started) : Stream
    {
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Signal();
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            Signal();
            return inner.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void Signal()
        {
            if (Interlocked.Exchange(ref _read, 1) == 0)
            {
                started();
            }
        }
    }

    [GeneratedRegex("name\\s*=\\s*[\"']token[\"']", RegexOptions.IgnoreCase)]
    private static partial Regex TokenField();

    [GeneratedRegex("id\\s*=\\s*[\"']emailList[\"']")]
    private static partial Regex EmailList();

    [GeneratedRegex("scorecard|metric|kpi|precision|constraint", RegexOptions.IgnoreCase)]
    private static partial Regex ScorecardMarker();
}
