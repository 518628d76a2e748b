// Whole-process load run of the web host on loopback with file state (not a BenchmarkDotNet suite):
//   dotnet run -c Release --project benchmarks/Caio.WebLoad -- [seconds] [concurrency] [file|memory]
//   ... -- seed DIR, then ... -- [seconds] [concurrency] http://127.0.0.1:PORT [server pid]   (a host started separately)
// Measures GET /api/pending-emails (requests/s, p50/p99 latency) and webhook POSTs durably accepted per second.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caio.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Caio.Review;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

if (args is ["seed", var seedDirectory])
{
    // Seeds a file state directory for a separately started host (see benchmarks/README.md).
    var seeder = Host.CreateApplicationBuilder();
    seeder.Configuration.Sources.Clear();
    seeder.Configuration.AddInMemoryCollection([new("Caio:StateDirectory", seedDirectory)]);
    seeder.Logging.ClearProviders();
    seeder.Services.AddCaio(seeder.Configuration);
    using var seeded = seeder.Build();
    await SeedAsync(seeded.Services.GetRequiredService<IReviewQueue>());
    return;
}

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var backend = args.Length > 2 ? args[2] : "file";
var serverPid = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : (int?)null;
WebApplication? app = null;
string? state = null;
Uri baseUrl;
if (Uri.TryCreate(backend, UriKind.Absolute, out var external))
{
    // A host started separately (the sample, Release build) on a directory seeded with "seed DIR".
    baseUrl = external;
}
else
{
    state = Directory.CreateTempSubdirectory("caio-webload-").FullName;
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.Sources.Clear();
    builder.Configuration.AddInMemoryCollection([
        new("DASHBOARD_AUTH_TOKEN", "load-token"), new("WEBHOOK_BEARER_TOKEN", "load-bearer"),
        new("Caio:StateDirectory", state),
    ]);
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    var caio = builder.Services.AddCaio(builder.Configuration);
    if (backend == "memory")
    {
        caio.UseInMemoryState();
    }

    builder.Services.AddCaioDashboard();
    app = builder.Build();
    app.MapCaioDashboardApi();
    app.MapCaioWebhooks();
    await app.StartAsync();
    baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    await SeedAsync(app.Services.GetRequiredService<IReviewQueue>());
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseUrl };
http.DefaultRequestHeaders.Add("X-Dashboard-Token", "load-token");

Console.WriteLine($"{Environment.ProcessorCount} cores, {seconds} s per phase, {concurrency} concurrent clients, {backend} state");
// WEBLOAD_PHASE=get or webhooks runs one phase only (e.g. under strace or perf).
var phase = Environment.GetEnvironmentVariable("WEBLOAD_PHASE") ?? "both";
if (phase is "both" or "get")
{
    await Run("GET /api/pending-emails (20 pending)", async _ =>
    {
        using var response = await http.GetAsync("/api/pending-emails");
        await response.Content.CopyToAsync(Stream.Null);
        return response.IsSuccessStatusCode;
    });
}

var counter = 0L;
if (phase is "both" or "webhooks")
{
    await Run("POST /webhooks/clay (durably accepted events)", async _ =>
    {
        var n = Interlocked.Increment(ref counter);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/clay") { Content = new StringContent($"{{\"event_type\":\"enriched\",\"n\":{n},\"email\":\"p{n}@acme.example\"}}", Encoding.UTF8, "application/json") };
        request.Headers.Add("Authorization", "Bearer load-bearer");
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    });
}

if (app is not null)
{
    await app.StopAsync();
    Directory.Delete(state!, recursive: true);
}

static async Task SeedAsync(IReviewQueue queue)
{
    for (var i = 0; i < 20; i++)
    {
        var email = $"lead{i}@acme{i}.example";
        await queue.EnqueueAsync(new MessageDraft(
            new ScoredLead(new EnrichedLead(new Lead { Email = email, FirstName = "Ana", Company = new Company { Name = "Acme", Domain = $"acme{i}.example" } }, true, "enricher"),
                new IcpScore { Score = 80, Tier = Tier.Tier1, Reasons = [new ScoreReason("title", 25, "ceo")] }),
            new SequenceStep(1, 1, Channel.Email, "intro"), "Hello " + i, "Hi Ana, a short note.", "template"));
    }
}

async Task Run(string name, Func<int, Task<bool>> call)
{
    for (var i = 0; i < 200; i++)
    {
        await call(i);
    }

    var latencies = new List<double>[concurrency];
    var failures = 0L;
    var loadBefore = LoadAverage();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var serverBefore = ServerCpu(serverPid);
    var stop = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = latencies[worker] = [];
        while (stop.Elapsed.TotalSeconds < seconds)
        {
            var started = Stopwatch.GetTimestamp();
            if (!await call(worker))
            {
                Interlocked.Increment(ref failures);
            }

            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }));
    var elapsed = stop.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
    var server = ServerCpu(serverPid) - serverBefore;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    var inv = CultureInfo.InvariantCulture;
    var serverPart = serverPid is null ? string.Empty : string.Create(inv, $", server {server * 1000 / all.Length:F0} µs");
    var who = app is null ? "clients" : "server and clients";
    Console.WriteLine(string.Create(inv,
        $"{name}: {all.Length / elapsed:F0} req/s, p50 {all[all.Length / 2]:F2} ms, p99 {all[(int)(all.Length * 0.99)]:F2} ms, failures {failures}, CPU per request: {who} {cpu * 1000 / all.Length:F0} µs{serverPart}, load average {loadBefore} -> {LoadAverage()}"));
}

// CPU time (user + system, ms) of the separately started host, from /proc.
static double ServerCpu(int? pid)
{
    if (pid is null)
    {
        return 0;
    }

    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1000.0 / 100;
}

// The 1-minute load average (Linux), so a figure can be read against what else ran on the machine.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
