using System.Diagnostics;
using System.Globalization;
using Caio.Providers;
using Caio.Providers.Instantly;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Benchmarks;

/// <summary>
/// Whole-process rate-limit run: N single-lead adds through the real Instantly client (default
/// options: 100 requests/s and 6,000/min held client-side) against the fake Instantly server
/// enforcing the same documented limits. Reports how many 429s the fake served, how many reached
/// the caller, and the throughput against the limit. With <c>--unlimited</c> neither side limits:
/// the machine's raw capacity, to tell the limiter's bound from the machine's.
/// </summary>
internal static class RateLimitRun
{
    public static async Task<int> RunAsync(int adds, bool unlimited)
    {
        await using var fake = new FakeInstantlyServer();
        await fake.StartAsync();
        var campaign = fake.AddCampaign("rate limit run");
        fake.EnforceRateLimits = !unlimited;
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).UseInMemoryState().AddInstantly(o =>
        {
            o.ApiKey = fake.ApiKey;
            o.BaseUrl = fake.BaseUrl;
            o.EnforceRateLimits = !unlimited;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IInstantlyClient>();

        var reachedCaller = 0;
        var otherErrors = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, adds), new ParallelOptions { MaxDegreeOfParallelism = 128 }, async (i, ct) =>
        {
            try
            {
                await client.AddLeadsAsync(campaign, [new InstantlyNewLead { Email = string.Create(CultureInfo.InvariantCulture, $"lead{i}@rate{i % 97}.io") }], ct);
            }
            catch (CaioRateLimitException)
            {
                Interlocked.Increment(ref reachedCaller);
            }
            catch (CaioApiException)
            {
                Interlocked.Increment(ref otherErrors);
            }
        });
        var elapsed = clock.Elapsed;
        var throughput = adds / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{adds} lead adds in {elapsed.TotalSeconds:F2} s = {throughput:F1} req/s ({throughput / 100 * 100:F1} % of the 100 req/s limit); 429 served by the fake {fake.RateLimited}, 429 reaching the caller {reachedCaller}, other errors {otherErrors}, leads added {fake.LeadsIn(campaign).Count}"));
        return reachedCaller == 0 && otherErrors == 0 ? 0 : 1;
    }
}
