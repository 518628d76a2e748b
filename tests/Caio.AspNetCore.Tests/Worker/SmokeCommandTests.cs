using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Caio.Worker;

namespace Caio.AspNetCore.Tests.Worker;

/// <summary><c>smoke auth</c> and <c>smoke webhooks</c> against a real web host on loopback (the strict, production-like profile).</summary>
public sealed class SmokeCommandTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("caio-smoke-cli-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task SmokeAuthAndWebhooks_StrictProfile_PassWithMatchingExpectationsAndFailOtherwise()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ENVIRONMENT"] = "production", ["DASHBOARD_AUTH_TOKEN"] = "tok-A", ["SESSION_SECRET_KEY"] = "sess-A", ["WEBHOOK_SIGNATURE_REQUIRED"] = "true",
            ["WEBHOOK_BEARER_TOKEN"] = "wb-A", ["HEYREACH_BEARER_TOKEN"] = "hb-A", ["RB2B_WEBHOOK_SECRET"] = "rb-A",
            ["Caio:StateDirectory"] = _stateDir,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddCaio(builder.Configuration);
        builder.Services.AddCaioDashboard();
        await using var app = builder.Build();
        app.MapCaioDashboardApi();
        app.MapCaioWebhooks();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var auth = await RunAsync("smoke", "auth", "--base-url", url, "--token", "tok-A", "--expect-query-token-enabled", "false");
        Assert.Equal(0, auth.ExitCode);
        Assert.Contains("PASS bypass::double_slash_leading", auth.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", auth.Out, StringComparison.Ordinal);

        var expectingQuery = await RunAsync("smoke", "auth", "--base-url", url, "--token", "tok-A");
        Assert.Equal(1, expectingQuery.ExitCode);
        Assert.Contains("FAIL protected_status_query_token", expectingQuery.Out, StringComparison.Ordinal);

        var hooks = await RunAsync("smoke", "webhooks", "--base-url", url, "--dashboard-token", "tok-A", "--webhook-bearer-token", "wb-A", "--expect-webhook-required", "true", "--require-heyreach-hard-auth");
        Assert.Equal(0, hooks.ExitCode);
        var relaxed = await RunAsync("smoke", "webhooks", "--base-url", url, "--dashboard-token", "tok-A", "--expect-webhook-required", "false");
        Assert.Equal(1, relaxed.ExitCode);

        var badBool = await RunAsync("smoke", "webhooks", "--base-url", url, "--dashboard-token", "tok-A", "--expect-webhook-required", "maybe");
        Assert.Equal(2, badBool.ExitCode);
        Assert.Contains("--expect-webhook-required", badBool.Error, StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CaioCli.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
