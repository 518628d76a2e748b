using System.Net;
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
/// A loopback HTTP server that answers its requests from a script, one answer per request in order (the last one
/// repeats): for provider answers the fakes do not give, such as an echoed key or a hang followed by a 429.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ScriptedServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>An answer with a status, a content type and a body, and optional headers.</summary>
    public static Func<HttpContext, Task> Answer(int status, string contentType, string body, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    /// <summary>An answer that never comes (until the caller gives up).</summary>
    public static Func<HttpContext, Task> Hang { get; } = context => Task.Delay(Timeout.Infinite, context.RequestAborted);

    public static async Task<ScriptedServer> StartAsync(params Func<HttpContext, Task>[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ScriptedServer? server = null;
        app.Run(async context =>
        {
            var index = Interlocked.Increment(ref server!._requests) - 1;
            try
            {
                await script[Math.Min(index, script.Length - 1)](context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The caller gave up.
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new ScriptedServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
