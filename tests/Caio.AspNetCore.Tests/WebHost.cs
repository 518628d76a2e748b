using System.Collections.Concurrent;
using System.Net;
using Caio.Leads;
using Caio.Review;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Caio.AspNetCore.Tests;

/// <summary>
/// The web host composed exactly as the sample does, on a real Kestrel bound to a free loopback port,
/// with file state in a temp directory and the given environment variables as configuration.
/// Errors logged by the host (unhandled exceptions included) are collected.
/// </summary>
internal sealed class WebHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsState;

    private WebHost(WebApplication app, string stateDirectory, bool ownsState, ErrorCollector errors)
    {
        _app = app;
        StateDirectory = stateDirectory;
        _ownsState = ownsState;
        Errors = errors;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address);
    }

    public static readonly IReadOnlyDictionary<string, string?> ProfileA = new Dictionary<string, string?>
    {
        ["ENVIRONMENT"] = "production", ["DASHBOARD_AUTH_TOKEN"] = "tok-A", ["SESSION_SECRET_KEY"] = "sess-A",
        ["WEBHOOK_SIGNATURE_REQUIRED"] = "true", ["WEBHOOK_BEARER_TOKEN"] = "wb-A", ["HEYREACH_BEARER_TOKEN"] = "hb-A", ["RB2B_WEBHOOK_SECRET"] = "rb-A",
    };

    public static readonly IReadOnlyDictionary<string, string?> ProfileB = new Dictionary<string, string?> { ["DASHBOARD_AUTH_TOKEN"] = "tok-B" };

    public Uri BaseUrl { get; }

    public string StateDirectory { get; }

    public ErrorCollector Errors { get; }

    public IServiceProvider Services => _app.Services;

    public IReviewQueue Queue => _app.Services.GetRequiredService<IReviewQueue>();

    public static async Task<WebHost> StartAsync(IReadOnlyDictionary<string, string?> environment, string? stateDirectory = null, Action<IServiceCollection>? services = null, string hostEnvironment = "Production")
    {
        var ownsState = stateDirectory is null;
        stateDirectory ??= Directory.CreateTempSubdirectory("caio-web-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = hostEnvironment, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(environment);
        builder.Configuration.AddInMemoryCollection([new("Caio:StateDirectory", stateDirectory)]);
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var errors = new ErrorCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        builder.Services.AddCaio(builder.Configuration);
        builder.Services.AddCaioDashboard(o => o.InboxPollInterval = TimeSpan.FromMilliseconds(100));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapCaioDashboardApi();
        app.MapCaioWebhooks();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new WebHost(app, stateDirectory, ownsState, errors);
    }

    public HttpClient Client(bool redirects = false, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = redirects, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseUrl };

    public async Task<ReviewItem> EnqueueAsync(string email, string subject = "Hello", string body = "Hi Ana, a short note about your pipeline.")
    {
        var domain = email[(email.LastIndexOf('@') + 1)..];
        var draft = new MessageDraft(
            new ScoredLead(
                new EnrichedLead(new Lead { Email = email, FirstName = "Ana", Company = new Company { Name = "Acme", Domain = domain } }, true, "enricher"),
                new IcpScore { Score = 85, Tier = Tier.Tier1, Reasons = [new ScoreReason("title", 25, "ceo")] }),
            new SequenceStep(1, 1, Channel.Email, "intro"),
            subject,
            body,
            "template");
        var result = await Queue.EnqueueAsync(draft, "run-1", TestContext.Current.CancellationToken);
        Assert.True(result.Accepted, result.Refusal?.Detail);
        return result.Item!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_ownsState)
        {
            try
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Collects every log entry at Error or above.</summary>
    internal sealed class ErrorCollector : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Collector(ErrorCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    owner.Entries.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
