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

    /// <summary>
    /// Writes the first <paramref name="count"/> generated sandbox leads, enriched by the sandbox enricher, as a
    /// lead file: production runs read leads from a file or a registered source, never from the generator.
    /// </summary>
    protected string WriteGeneratedLeads(int count, string name = "generated-leads.json")
    {
        var enricher = new Caio.Enrichment.SandboxEnrichmentProvider();
        var leads = new SandboxLeadSource()
            .ReadAsync(new PipelineRequest { Limit = count }, CancellationToken.None)
            .ToBlockingEnumerable()
            .Take(count)
            .Select(record => enricher.EnrichAsync(record.Lead!).AsTask().GetAwaiter().GetResult().Lead)
            .ToList();
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        return WriteFile(name, JsonSerializer.Serialize(leads, options));
    }

    protected string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}

public sealed record CliResult(int ExitCode, string Out, string Error);
