using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Caio.Testing.Providers;

/// <summary>
/// A real loopback Kestrel server playing a provider's API: it checks the key (401 on a wrong one),
/// enforces the documented rate limits (429 with the provider's headers), injects faults
/// (<see cref="Faults"/>), and records every request (<see cref="Requests"/>) and every side effect
/// (<see cref="SideEffects"/>) for assertions.
/// </summary>
public abstract class FakeProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly ConcurrentQueue<FakeSideEffect> _sideEffects = new();
    private readonly Lock _windowGate = new();
    private readonly long[] _windowStart;
    private readonly int[] _windowCount;
    private WebApplication? _app;
    private int _rejected;

    /// <summary>Creates the server.</summary>
    /// <param name="apiKey">The only key it accepts.</param>
    /// <param name="timeProvider">Clock of rate-limit windows and records; default the system clock.</param>
    protected FakeProviderServer(string apiKey, TimeProvider? timeProvider)
    {
        ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
        TimeProvider = timeProvider ?? TimeProvider.System;
        _windowStart = new long[RateLimits.Count];
        _windowCount = new int[RateLimits.Count];
    }

    /// <summary>The key the server accepts.</summary>
    public string ApiKey { get; }

    /// <summary>Clock.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <summary>Base URL once started, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Fault injection.</summary>
    public FakeFaults Faults { get; } = new();

    /// <summary>Whether the documented rate limits are enforced. Default true.</summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>Requests received, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    /// <summary>Side effects performed, in order.</summary>
    public IReadOnlyList<FakeSideEffect> SideEffects => [.. _sideEffects];

    /// <summary>How many requests were answered 429.</summary>
    public int RateLimited => Volatile.Read(ref _rejected);

    /// <summary>The documented limits: permits per fixed window.</summary>
    protected abstract IReadOnlyList<(int Permits, TimeSpan Window)> RateLimits { get; }

    /// <summary>Starts listening on a free loopback port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the server listens.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>Forgets the recorded requests (side effects and state stay).</summary>
    public void ClearRequests() => _requests.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Whether the request carries the right key.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when authorized.</returns>
    protected abstract bool IsAuthorized(HttpRequest request);

    /// <summary>Writes the provider's 401 answer.</summary>
    /// <param name="response">The response.</param>
    /// <returns>A task.</returns>
    protected abstract Task WriteUnauthorizedAsync(HttpResponse response);

    /// <summary>Writes the provider's 429 answer with its documented headers.</summary>
    /// <param name="response">The response.</param>
    /// <param name="retryAfter">Time until the window that was exceeded resets.</param>
    /// <returns>A task.</returns>
    protected abstract Task WriteRateLimitedAsync(HttpResponse response, TimeSpan retryAfter);

    /// <summary>Serves one authorized, admitted request.</summary>
    /// <param name="call">The call.</param>
    /// <returns>A task.</returns>
    protected abstract Task ServeAsync(FakeCall call);

    /// <summary>Records a side effect.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="recipient">Lead.</param>
    /// <param name="step">Step.</param>
    /// <param name="target">Campaign, list or conversation.</param>
    protected void RecordSideEffect(string kind, string? recipient, int? step, string? target) =>
        _sideEffects.Enqueue(new FakeSideEffect(kind, recipient, step, target, TimeProvider.GetUtcNow()));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var call = new FakeCall(context, body, Faults);
        try
        {
            if (!IsAuthorized(request))
            {
                await WriteUnauthorizedAsync(context.Response).ConfigureAwait(false);
            }
            else if (Faults.Dead)
            {
                await call.JsonAsync(404, new JsonObject { ["statusCode"] = 404, ["error"] = "Not Found", ["message"] = "This endpoint is deprecated" }).ConfigureAwait(false);
            }
            else if (Admit() is { } wait)
            {
                Interlocked.Increment(ref _rejected);
                await WriteRateLimitedAsync(context.Response, wait).ConfigureAwait(false);
            }
            else
            {
                if (Faults.Latency > TimeSpan.Zero)
                {
                    await Task.Delay(Faults.Latency, context.RequestAborted).ConfigureAwait(false);
                }

                if (Faults.Roll(Faults.ServerErrorRate))
                {
                    await call.JsonAsync(503, new JsonObject { ["statusCode"] = 503, ["message"] = "Service Unavailable" }).ConfigureAwait(false);
                }
                else
                {
                    await ServeAsync(call).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller gave up.
        }
        finally
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _requests.Enqueue(new FakeRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, headers, body, call.Aborted ? 0 : context.Response.StatusCode));
        }
    }

    private TimeSpan? Admit()
    {
        if (!EnforceRateLimits)
        {
            return null;
        }

        var now = TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_windowGate)
        {
            for (var i = 0; i < RateLimits.Count; i++)
            {
                var window = (long)RateLimits[i].Window.TotalMilliseconds;
                var start = now - (now % window);
                if (_windowStart[i] != start)
                {
                    _windowStart[i] = start;
                    _windowCount[i] = 0;
                }

                if (_windowCount[i] >= RateLimits[i].Permits)
                {
                    return TimeSpan.FromMilliseconds(start + window - now);
                }
            }

            for (var i = 0; i < RateLimits.Count; i++)
            {
                _windowCount[i]++;
            }
        }

        return null;
    }

    /// <summary>Reads a JSON body leniently.</summary>
    /// <param name="body">The body text.</param>
    /// <returns>The root node, or <see langword="null"/> when it is not JSON.</returns>
    protected static JsonNode? ParseBody(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
