using System.Text.Json.Nodes;
using Caio.AspNetCore.Smoke;

namespace Caio.AspNetCore.Tests.Smoke;

/// <summary>Both configuration profiles of the compatibility contract, against a real Kestrel on loopback.</summary>
public sealed class CompatibilityProfileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProfileA_AuthSmokeWithQueryTokensDisabled_EveryCheckPasses()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        await host.EnqueueAsync("ana@acme.example");
        var sut = await DashboardSmoke.RunAuthAsync(new AuthSmokeOptions { BaseUrl = host.BaseUrl, Token = "tok-A", ExpectQueryTokenEnabled = false }, Ct);
        Assert.True(sut.Passed, Failures(sut));
        Assert.Contains(sut.Checks, c => c.Name == "openapi_docs_blocked");
        Assert.Contains(sut.Checks, c => c.Name == "bypass::encoded_dot_dot");
        Assert.Empty(host.Errors.Entries);
    }

    [Fact]
    public async Task ProfileA_AuthSmokeExpectingQueryTokens_FailsOnlyTheQueryTokenCheck()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var sut = await DashboardSmoke.RunAuthAsync(new AuthSmokeOptions { BaseUrl = host.BaseUrl, Token = "tok-A" }, Ct);
        Assert.False(sut.Passed);
        Assert.Equal(["protected_status_query_token"], sut.Checks.Where(c => !c.Passed).Select(c => c.Name));
    }

    [Fact]
    public async Task ProfileA_WebhookSmokeStrictWithHeyReachHardAuth_EveryCheckPasses()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var sut = await DashboardSmoke.RunWebhooksAsync(new WebhookSmokeOptions { BaseUrl = host.BaseUrl, DashboardToken = "tok-A", WebhookBearerToken = "wb-A", ExpectWebhookRequired = true, RequireHeyReachHardAuth = true }, Ct);
        Assert.True(sut.Passed, Failures(sut));
        Assert.Empty(host.Errors.Entries);
    }

    [Fact]
    public async Task ProfileA_RuntimeDependencies_CarryTheStrictParityFieldsAsRealBooleans()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        using var client = host.Client();
        client.DefaultRequestHeaders.Add("X-Dashboard-Token", "tok-A");
        var sut = JsonNode.Parse(await client.GetStringAsync("/api/runtime/dependencies", Ct))!;
        var auth = sut["auth"]!;
        Assert.False(auth["query_token_enabled"]!.GetValue<bool>());
        Assert.True(auth["session_secret_explicit"]!.GetValue<bool>());
        Assert.True(auth["token_configured"]!.GetValue<bool>());
        Assert.True(auth["webhook_signature_required"]!.GetValue<bool>());
        Assert.Equal("production", auth["environment"]!.GetValue<string>());
        Assert.Equal("X-Dashboard-Token", auth["token_header"]!.GetValue<string>());
        Assert.Equal("SESSION_SECRET_KEY", auth["session_secret_source"]!.GetValue<string>());
        Assert.True(sut["ready"]!.GetValue<bool>());
        var heyreach = sut["dependencies"]!["webhooks"]!["provider_auth"]!["heyreach"]!;
        Assert.True(heyreach["bearer"]!.GetValue<bool>());
        Assert.True(heyreach["authed"]!.GetValue<bool>());
        Assert.False(heyreach["unsigned_allowlisted"]!.GetValue<bool>());
        Assert.True(sut["dependencies"]!["webhooks"]!["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ProfileB_AuthSmokeWithDefaults_EveryCheckPasses()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileB);
        var sut = await DashboardSmoke.RunAuthAsync(new AuthSmokeOptions { BaseUrl = host.BaseUrl, Token = "tok-B" }, Ct);
        Assert.True(sut.Passed, Failures(sut));
    }

    [Fact]
    public async Task ProfileB_WebhookSmokeNotStrict_PassesAndStrictExpectationFails()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileB);
        var relaxed = await DashboardSmoke.RunWebhooksAsync(new WebhookSmokeOptions { BaseUrl = host.BaseUrl, DashboardToken = "tok-B", ExpectWebhookRequired = false }, Ct);
        Assert.True(relaxed.Passed, Failures(relaxed));
        var strict = await DashboardSmoke.RunWebhooksAsync(new WebhookSmokeOptions { BaseUrl = host.BaseUrl, DashboardToken = "tok-B", ExpectWebhookRequired = true }, Ct);
        Assert.False(strict.Passed);
        Assert.Contains(strict.Checks, c => c.Name == "runtime_webhook_required_matches_expectation" && !c.Passed);
    }

    [Fact]
    public async Task StrictModeWithoutToken_RefusesEveryTokenAndTheReportStaysReachableToNobody()
    {
        await using var host = await WebHost.StartAsync(new Dictionary<string, string?> { ["DASHBOARD_AUTH_STRICT"] = "true" });
        using var client = host.Client();
        foreach (var token in (string[])["", "anything", "tok-A"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/operator/status");
            request.Headers.Add("X-Dashboard-Token", token);
            var response = await client.SendAsync(request, Ct);
            Assert.Equal(401, (int)response.StatusCode);
        }

        Assert.Equal(401, (int)(await client.GetAsync("/api/pending-emails", Ct)).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/api/health/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task LocalModeWithoutToken_LetsRequestsThroughLikeTheReplacedDevMode()
    {
        await using var host = await WebHost.StartAsync(new Dictionary<string, string?>());
        using var client = host.Client();
        Assert.Equal(200, (int)(await client.GetAsync("/api/operator/status", Ct)).StatusCode);
    }

    private static string Failures(SmokeReport report) =>
        string.Join("\n", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Status} (expected {c.Expectation}) {c.Detail}"));
}
