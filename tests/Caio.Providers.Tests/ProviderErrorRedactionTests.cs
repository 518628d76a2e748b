using Caio.Providers.GoHighLevel;
using Caio.Providers.HeyReach;
using Caio.Providers.Instantly;
using Microsoft.Extensions.DependencyInjection;

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
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Answer(401, "application/json", "{\"statusCode\":401,\"error\":\"invalid api key " + Key + "\",\"message\":\"Unauthorized " + Key + "\",\"traceId\":\"t-" + Key + "\"}"));
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
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Answer(400, "text/plain", new string('x', 180) + " key=" + Key + " was rejected"));
        await using var services = ProviderServices.Build(caio => caio.AddHeyReach(o => ProviderServices.Fast(o, server.BaseUrl, Key)));
        var client = services.GetRequiredService<IHeyReachClient>();

        var error = await Assert.ThrowsAsync<CaioApiException>(() => client.CheckApiKeyAsync(Ct));

        AssertNoKey(error);
        Assert.Contains("key=[red", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyEchoedByAnAnswerThatIsNotJson_IsRedacted()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Answer(403, "text/html", "<html>forbidden for " + Key + "</html>"));
        await using var services = ProviderServices.Build(caio => caio.AddGoHighLevel(o =>
        {
            ProviderServices.Fast(o, server.BaseUrl, Key);
            o.LocationId = "loc-1";
        }));
        var client = services.GetRequiredService<IGoHighLevelClient>();

        var error = await Assert.ThrowsAsync<CaioAuthenticationException>(() => client.ListPipelinesAsync(Ct));

        AssertNoKey(error);
    }

    [Fact]
    public async Task KeyEchoedWithJsonEscapes_IsRedactedOnceUnescaped()
    {
        // A key with '/' and '+', written back escaped as \/ and \u002B: only the parsed text holds it as it is.
        const string key = "sk_live/ABCDEFGHIJ+KLMNOPQRSTUV";
        const string escaped = "sk_live\\/ABCDEFGHIJ\\u002BKLMNOPQRSTUV";
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.Answer(401, "application/json", "{\"error\":\"bad key " + escaped + "\",\"message\":\"key " + escaped + " refused\",\"traceId\":\"" + escaped + "\"}"));
        await using var services = ProviderServices.Build(caio => caio.AddInstantly(o => ProviderServices.Fast(o, server.BaseUrl, key)));
        var client = services.GetRequiredService<IInstantlyClient>();

        var error = await Assert.ThrowsAsync<CaioAuthenticationException>(() => client.ListCampaignsAsync(1, null, Ct));

        foreach (var text in new[] { error.Message, error.ErrorCode, error.RequestId, error.Describe() })
        {
            Assert.DoesNotContain("ABCDEFGHIJ", text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    private static void AssertNoKey(CaioApiException error)
    {
        foreach (var text in new[] { error.Message, error.ErrorCode, error.RequestId, error.Describe() })
        {
            Assert.DoesNotContain(Key[..12], text ?? string.Empty, StringComparison.Ordinal);
        }
    }
}
