// Whole-process load run of the web host on loopback with file state (not a BenchmarkDotNet suite):
//   dotnet run -c Release --project benchmarks/Caio.WebLoad -- [seconds] [concurrency] [file|memory]
// Measures GET /api/pending-emails (requests/s, p50/p99 latency) and webhook POSTs durably accepted per second.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caio.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Caio.Review;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var backend = args.Length > 2 ? args[2] : "file";
var state = Directory.CreateTempSubdirectory("caio-webload-").FullName;
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
var app = builder.Build();
app.MapCaioDashboardApi();
app.MapCaioWebhooks();
await app.StartAsync();
var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

var queue = app.Services.GetRequiredService<IReviewQueue>();
for (var i = 0; i < 20; i++)
{
    var email = $"lead{i}@acme{i}.example";
    await queue.EnqueueAsync(new MessageDraft(
        new ScoredLead(new EnrichedLead(new Lead { Email = email, FirstName = "Ana", Company = new Company { Name = "Acme", Domain = $"acme{i}.example" } }, true, "enricher"),
            new IcpScore { Score = 80, Tier = Tier.Tier1, Reasons = [new ScoreReason("title", 25, "ceo")] }),
        new SequenceStep(1, 1, Channel.Email, "intro"), "Hello " + i, "Hi Ana, a short note.", "template"));
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseUrl };
http.DefaultRequestHeaders.Add("X-Dashboard-Token", "load-token");

Console.WriteLine($"{Environment.ProcessorCount} cores, {seconds} s per phase, {concurrency} concurrent clients, {backend} state");
await Run("GET /api/pending-emails (20 pending)", async _ =>
{
    using var response = await http.GetAsync("/api/pending-emails");
    await response.Content.CopyToAsync(Stream.Null);
    return response.IsSuccessStatusCode;
});
var counter = 0L;
await Run("POST /webhooks/clay (durably accepted events)", async _ =>
{
    var n = Interlocked.Increment(ref counter);
    using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/clay") { Content = new StringContent($"{{\"event_type\":\"enriched\",\"n\":{n},\"email\":\"p{n}@acme.example\"}}", Encoding.UTF8, "application/json") };
    request.Headers.Add("Authorization", "Bearer load-bearer");
    using var response = await http.SendAsync(request);
    return response.IsSuccessStatusCode;
});
await app.StopAsync();
Directory.Delete(state, recursive: true);

async Task Run(string name, Func<int, Task<bool>> call)
{
    for (var i = 0; i < 200; i++)
    {
        await call(i);
    }

    var latencies = new List<double>[concurrency];
    var failures = 0L;
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
    var all = latencies.SelectMany(l => l).Order().ToArray();
    var elapsed = stop.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {all.Length / elapsed:F0} req/s, p50 {all[all.Length / 2]:F2} ms, p99 {all[(int)(all.Length * 0.99)]:F2} ms, failures {failures}"));
}
