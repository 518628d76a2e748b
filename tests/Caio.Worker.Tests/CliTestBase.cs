using System.Diagnostics;
using System.Text.Json;
using Caio.Pipeline;
using Caio.Sourcing;

namespace Caio.Worker.Tests;

public abstract class CliTestBase : IDisposable
{
    protected CliTestBase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("caio-cli-").FullName;
        StateDir = Path.Combine(Directory, "state");
    }

    protected string Directory { get; }

    protected string StateDir { get; }

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CaioCli.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built worker as its own process, with extra environment variables, in <see cref="Directory"/>.</summary>
    protected async Task<CliResult> RunProcessAsync(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "caio-worker.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Writes the first <paramref name="count"/> generated sandbox leads, enriched by the sandbox enricher, as a
    /// lead file: production runs read leads from a file or a registered source, never from the generator.
    /// </summary>
    /// <param name="count">How many leads.</param>
    /// <param name="name">The file name.</param>
    /// <param name="timeZone">Puts every lead in this time zone (so a test's send window does not depend on which leads it picks).</param>
    protected string WriteGeneratedLeads(int count, string name = "generated-leads.json", string? timeZone = null)
    {
        var enricher = new Caio.Enrichment.SandboxEnrichmentProvider();
        var leads = new SandboxLeadSource()
            .ReadAsync(new PipelineRequest { Limit = count }, CancellationToken.None)
            .ToBlockingEnumerable()
            .Take(count)
            .Select(record => enricher.EnrichAsync(record.Lead!).AsTask().GetAwaiter().GetResult().Lead)
            .Select(lead => timeZone is null ? lead : lead with { TimeZone = timeZone })
            .ToList();
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        return WriteFile(name, JsonSerializer.Serialize(leads, options));
    }

    /// <summary>The pending items of the state <paramref name="cli"/> runs against (id and tier), oldest first.</summary>
    protected static async Task<List<(string Id, string Tier)>> PendingAsync(Func<string[], Task<CliResult>> cli)
    {
        var list = await cli(["queue", "list", "--json"]);
        using var json = JsonDocument.Parse(list.Out);
        return [.. json.RootElement.EnumerateArray().Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("tier").GetString()!))];
    }

    /// <summary>Approves the items, freezes them into an outbound batch and approves it, as a head of sales would.</summary>
    /// <returns>The batch id.</returns>
    protected static async Task<string> ApproveIntoBatchAsync(Func<string[], Task<CliResult>> cli, IEnumerable<string> itemIds)
    {
        foreach (var id in itemIds)
        {
            Assert.Equal(0, (await cli(["queue", "approve", id, "--by", "head-of-sales"])).ExitCode);
        }

        var created = await cli(["batch", "create", "--motion", "outbound", "--json"]);
        Assert.Equal(0, created.ExitCode);
        using var json = JsonDocument.Parse(created.Out);
        var batchId = json.RootElement.GetProperty("id").GetString()!;
        Assert.Equal(0, (await cli(["batch", "approve", batchId, "--by", "head-of-sales"])).ExitCode);
        return batchId;
    }

    /// <summary>Imports 40 generated leads (all in New York, whose business day is open at the tests' 15:00 UTC) in production mode and approves a batch of three tier-1 drafts.</summary>
    /// <returns>The batch id.</returns>
    protected async Task<string> ProductionBatchOfThreeAsync(Func<string[], Task<CliResult>> cli)
    {
        Assert.Equal(0, (await cli(["pipeline", "--mode", "production", "--input", WriteGeneratedLeads(40, timeZone: "America/New_York")])).ExitCode);
        var tier1 = (await PendingAsync(cli)).Where(p => p.Tier == "tier_1").Take(3).Select(p => p.Id).ToList();
        return await ApproveIntoBatchAsync(cli, tier1);
    }

    protected string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}

public sealed record CliResult(int ExitCode, string Out, string Error);
