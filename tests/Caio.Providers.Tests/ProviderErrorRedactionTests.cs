using System.Net;
using Caio.Providers.GoHighLevel;
using Caio.Providers.HeyReach;
using Caio.Providers.Instantly;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Caio.Providers.Tests;

/// <summary>
/// An error answer that echoes the API key never carries it into an exception: not in the message, the error code
/// or the request id (which channels log and the operator stores with a send's outcome), not even in part.
/// </summary>
public sealed class ProviderErrorRedactionTests
{
    private const string Key = "sk_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeyEchoedInTheErrorCodeAndTraceId_IsRedactedEverywhere()
    {
        await using var server = await EchoServer.StartAsync(401, "application/json", "{\"statusCode\":401,\"error\":\"invalid api key " + Key + "\",\"message\":\"Unauthorized " + Key + "\",\"traceId\":\"t-" + Key + "\"}");
        await using var services = ProviderServices.Build(caio => caio.AddInstantly(o => ProviderServices.Fast(o, server.BaseUrl, Key)));
        var client = services.GetRequiredService<IInstantlyClient>();

        var error = await Assert.ThrowsAsync<CaioAuthenticationException>(() => client.ListCampaignsAsync(1, null, Ct));

        AssertNoKey(error);
        Assert.Equal("invalid api key [redacted]", error.ErrorCode);
    }

    [Fact]
    public async Task KeyAcrossTheCutOfALongTextAnswer_IsNotPartlyShown()
    {
        // The key starts at character 185 of a plain-text answer: a cut at 200 characters would keep its first 15.
        await using var server = await EchoServer.StartAsync(400, "text/plain", new string('x', 180) + " key=" + Key + " was rejected");
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o => ProviderServices.Fast(o, server.BaseUrl, Key)));
        var client = services.GetRequiredService<IHeyReachClient>();

        var error = await Assert.ThrowsAsync<CaioApiException>(() => client.CheckApiKeyAsync(Ct));

        AssertNoKey(error);
        Assert.Contains("key=[red", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyEchoedByAnAnswerThatIsNotJson_IsRedacted()
    {
        await using var server = await EchoServer.StartAsync(403, "text/html", "<html>forbidden for " + Key + "</html>");
        await using var services = ProviderServices.Build(caio => caio.AddGoHighLevel(o =>
        {
            ProviderServices.Fast(o, server.BaseUrl, Key);
            o.LocationId = "loc-1";
        }));
        var client = services.GetRequiredService<IGoHighLevelClient>();

        var error = await Assert.ThrowsAsync<CaioAuthenticationException>(() => client.ListPipelinesAsync(Ct));

        AssertNoKey(error);
    }

    private static void AssertNoKey(CaioApiException error)
    {
        foreach (var text in new[] { error.Message, error.ErrorCode, error.RequestId, error.Describe() })
        {
            Assert.DoesNotContain(Key[..12], text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary>A loopback server that answers every request with one scripted status and body.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EchoServer(WebApplication app, Uri baseUrl)
        {
            _app = app;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }

        public static async Task<EchoServer> StartAsync(int status, string contentType, string body)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(async context =>
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body, context.RequestAborted);
            });
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new EchoServer(app, new Uri(address.TrimEnd('/') + "/"));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
