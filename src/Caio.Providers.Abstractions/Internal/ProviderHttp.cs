using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Caio.Providers.Internal;

/// <summary>
/// The HTTP pipeline every provider client shares, built on Microsoft.Extensions.Http.Resilience:
/// total timeout (per request kind) → retry (reads and deduped sends; any request on 429, honouring
/// Retry-After and rate-limit headers) → circuit breaker (one per provider) → client-side rate
/// limiter at the documented limits → attempt timeout → <see cref="ProviderAttemptHandler"/> (reads the
/// answer's body within the attempt). 400/401/403/404/410/422 are never retried.
/// </summary>
internal static class ProviderHttp
{
    /// <summary>Marks a request with its kind.</summary>
    public static readonly HttpRequestOptionsKey<ProviderRequestKind> KindKey = new("caio.provider.request-kind");

    /// <summary>What the attempts of a request have done (<see cref="ProviderAttempts"/>).</summary>
    public static readonly HttpRequestOptionsKey<ProviderAttempts> AttemptsKey = new("caio.provider.attempts");

    private static readonly HashSet<int> NeverRetried = [400, 401, 403, 404, 410, 422];

    /// <summary>Creates a request of a kind.</summary>
    public static HttpRequestMessage Create(HttpMethod method, string path, ProviderRequestKind kind, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Options.Set(KindKey, kind);
        return request;
    }

    /// <summary>The attempts record of a request, made on first use.</summary>
    public static ProviderAttempts AttemptsOf(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(AttemptsKey, out var attempts))
        {
            attempts = new ProviderAttempts();
            request.Options.Set(AttemptsKey, attempts);
        }

        return attempts;
    }

    /// <summary>Configures the typed client's HttpClient and adds the provider's resilience handler.</summary>
    public static IHttpClientBuilder AddProviderPipeline<TOptions>(this IHttpClientBuilder builder, string provider, Action<HttpClient, TOptions> authenticate)
        where TOptions : ProviderClientOptions
    {
        builder.Services.AddSingleton<ProviderCircuits>();
        builder.ConfigureHttpClient((services, client) =>
        {
            var options = services.GetRequiredService<IOptions<TOptions>>().Value;
            client.BaseAddress = options.BaseUrl is { } url && !url.AbsoluteUri.EndsWith('/') ? new Uri(url.AbsoluteUri + "/") : options.BaseUrl;
            client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline owns timeouts
            authenticate(client, options);
        });

        // The channels hold their client for the process lifetime: recycle pooled connections so DNS changes are seen.
        builder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        builder.AddResilienceHandler("caio-" + provider, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;
            var circuits = context.ServiceProvider.GetRequiredService<ProviderCircuits>();
            var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            Configure(pipeline, provider, options, circuits.For(provider), time);
        });

        // Inside the pipeline, so that its timeouts bound reading each answer's body too.
        builder.AddHttpMessageHandler(() => new ProviderAttemptHandler());
        return builder;
    }

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, string provider, ProviderClientOptions options, CircuitBreakerStateProvider state, TimeProvider time)
    {
        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Name = provider + "-total",
            TimeoutGenerator = args =>
            {
                var timeout = KindOf(args.Context) == ProviderRequestKind.Read ? options.ReadTimeout : options.SendTimeout;
                args.Context.Properties.Set(DeadlineKey, time.GetUtcNow() + timeout);
                return ValueTask.FromResult(timeout);
            },
        });
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            Name = provider + "-retry",
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome, KindOf(args.Context), options, Remaining(args.Context, time))),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RequestedWait(response) : null),
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = provider + "-breaker",
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            StateProvider = state,
            ShouldHandle = args => ValueTask.FromResult(CountsAsFailure(args.Outcome)),
        });
        if (options.EnforceRateLimits && options.GetRateLimits() is { Count: > 0 } limits)
        {
            // One window per documented limit, chained: a request waits until every window has room.
            var limiter = PartitionedRateLimiter.CreateChained([.. limits.Select(l => PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(l, options.RateLimitQueue))))]);
            pipeline.AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = provider + "-limiter",
                RateLimiter = args => limiter.AcquireAsync(provider, 1, args.Context.CancellationToken),
            });
        }

        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = provider + "-attempt", Timeout = options.AttemptTimeout });
    }

    /// <summary>
    /// A fixed window per documented limit, as providers count. The limiter's replenishment is
    /// timer-driven, so short segments lose throughput on a busy machine; one refill per window keeps
    /// the loss to the timer's lateness. A window whose start is not aligned with the provider's can
    /// still meet a 429 after idle time (the burst left over plus the next refill): that 429 is waited
    /// out by the retry strategy, for every request kind, since the provider did not act on it.
    /// </summary>
    internal static FixedWindowRateLimiterOptions Window(ProviderRateLimit limit, int queue) => new()
    {
        PermitLimit = limit.Permits,
        Window = limit.Window,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };

    private static ProviderRequestKind KindOf(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(KindKey, out var kind) ? kind : ProviderRequestKind.Read;

    /// <summary>When the call's total timeout ends, set at its start.</summary>
    private static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("caio.provider.deadline");

    /// <summary>What is left of the call's total timeout, when known.</summary>
    private static TimeSpan? Remaining(ResilienceContext context, TimeProvider time) =>
        context.Properties.TryGetValue(DeadlineKey, out var deadline) ? deadline - time.GetUtcNow() : null;

    /// <param name="outcome">The attempt's outcome.</param>
    /// <param name="kind">The request's kind.</param>
    /// <param name="options">The provider's options.</param>
    /// <param name="remaining">What is left of the call's total timeout: a 429's wait that does not fit is not waited out.</param>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ProviderRequestKind kind, ProviderClientOptions options, TimeSpan? remaining = null)
    {
        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            if (status == 429)
            {
                // The provider did not act on it: safe to repeat for any kind, if the wait fits the budget and the time
                // left. A wait that does not fit surfaces the 429 at once, as a rate limit, instead of timing out in it.
                return RequestedWait(response) is not { } wait || (wait <= options.MaxRetryAfter && (remaining is not { } left || wait < left));
            }

            return kind != ProviderRequestKind.Send && !NeverRetried.Contains(status) && (status == 408 || status >= 500);
        }

        return kind != ProviderRequestKind.Send && outcome.Exception is HttpRequestException or TimeoutRejectedException;
    }

    private static bool CountsAsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => (int)response.StatusCode is >= 500 or 408 or 404 or 410,
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        _ => false,
    };

    /// <summary>The wait a response asks for: <c>Retry-After</c> (seconds or date), or an exhausted rate-limit window.</summary>
    internal static TimeSpan? RequestedWait(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date && response.Headers.Date is { } now)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        if (Header(response.Headers, "X-RateLimit-Remaining") is 0 && Header(response.Headers, "X-RateLimit-Interval-Milliseconds") is { } interval and > 0)
        {
            return TimeSpan.FromMilliseconds(interval);
        }

        if (Header(response.Headers, "X-RateLimit-Reset") is { } reset and > 0 and < 3600)
        {
            return TimeSpan.FromSeconds(reset);
        }

        return null;
    }

    private static long? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Whether a status is a definite refusal (the provider did not act).</summary>
    public static bool IsDefinite(HttpStatusCode status) => (int)status is >= 400 and < 500 and not 408;
}
