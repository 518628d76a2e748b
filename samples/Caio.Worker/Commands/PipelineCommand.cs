using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Leads;
using Caio.Pipeline;
using Caio.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>pipeline --mode sandbox|production [--limit N] [--segment tier_N] [--source NAME] [--input FILE] [--seed N] [--json]</c>.</summary>
internal static class PipelineCommand
{
    public static Command Create(CliContext cli)
    {
        var mode = new Option<string>("--mode") { Description = "sandbox (generated leads, no network) or production (stops at the review queue).", DefaultValueFactory = _ => "sandbox" };
        mode.AcceptOnlyFromAmong("sandbox", "production");
        var limit = new Option<int?>("--limit") { Description = "Maximum number of leads to read. Default: the whole --input file; 1000 from a source." };
        var segment = new Option<string?>("--segment") { Description = "Only craft leads of this tier (tier_1..tier_4)." };
        var source = new Option<string?>("--source") { Description = "Name of the lead source." };
        var input = new Option<string?>("--input") { Description = "JSON or CSV file of leads (bypasses sourcing)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the sandbox generator.", DefaultValueFactory = _ => SandboxDefaults.Seed };
        var json = new Option<bool>("--json") { Description = "Print the run report as JSON on stdout." };
        var command = new Command("pipeline", "Run the lead pipeline: source, enrich, score, craft, queue for review.")
        {
            mode, limit, segment, source, input, seed, json,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputFile = parse.GetValue(input);
            var limitValue = parse.GetValue(limit) ?? (inputFile is null ? 1000 : int.MaxValue);
            if (limitValue < 0)
            {
                throw new UsageException($"--limit must be zero or positive (got {limitValue}).");
            }

            Tier? tier = null;
            if (parse.GetValue(segment) is { } segmentText)
            {
                tier = TierNames.TryParse(segmentText, out var parsed)
                    ? parsed
                    : throw new UsageException($"--segment: unknown tier '{segmentText}'. Expected tier_1, tier_2, tier_3 or tier_4.");
            }

            if (inputFile is not null && !File.Exists(inputFile))
            {
                throw new UsageException($"--input: file '{inputFile}' does not exist.");
            }

            if (inputFile is not null)
            {
                await LeadFileNotice.WriteAsync(cli.Error, inputFile, cancellationToken);
            }

            var request = new PipelineRequest
            {
                Mode = parse.GetValue(mode) == "production" ? PipelineMode.Production : PipelineMode.Sandbox,
                Limit = limitValue,
                Segment = tier,
                SourceName = parse.GetValue(source),
                InputFile = inputFile is null ? null : Path.GetFullPath(inputFile),
                Seed = parse.GetValue(seed),
            };

            using var host = parse.BuildHost(sandbox: request.Mode == PipelineMode.Sandbox);
            var runner = host.Services.GetRequiredService<PipelineRunner>();
            var asJson = parse.GetValue(json);
            var reporter = ProgressReporter.Create(cli, "pipeline");
            var started = TimeProvider.System.GetTimestamp();
            RunReport report;
            using (reporter)
            {
                report = await runner.RunAsync(request, reporter is null ? null : new PipelineProgressText(reporter), cancellationToken);
                reporter?.Complete(() => PipelineProgressText.Final(report));
            }

            var elapsed = TimeProvider.System.GetElapsedTime(started);

            if (asJson)
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(report, RunReportJsonContext.Default.RunReport));
            }
            else
            {
                await WriteSummaryAsync(cli.Out, report, elapsed);
                if (request.Mode == PipelineMode.Sandbox && host.Services.GetService<SandboxClock>() is { } clock)
                {
                    await SandboxDay.WriteAsync(cli.Out, report, clock, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Caio.Safety.SafetyOptions>>().Value);
                }

                if (request.Mode == PipelineMode.Sandbox && host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Caio.Hosting.CaioOptions>>().Value is { } options
                    && !host.Services.GetRequiredService<Caio.Hosting.StateBackendDescriptor>().InProcess)
                {
                    await cli.Out.WriteLineAsync($"  sandbox state: {options.StateDirectory} (separate from production; pass --state-dir to inspect it with queue, batch, status)");
                }
            }

            return report.Status == RunReportStatus.Completed ? CaioCli.Ok : CaioCli.Failure;
        });
        return command;
    }

    private static async Task WriteSummaryAsync(TextWriter output, RunReport report, TimeSpan elapsed)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Run {report.RunId} ({report.Mode.ToWireName()}, source {report.Source}): {report.Status.ToWireName()} in {elapsed.TotalSeconds:F1} s"));
        if (report.Records is { } records)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  records: read {records.Read:N0}, imported {records.Imported:N0}, skipped {records.Skipped:N0}{(records.SkippedReasons.Count == 0 ? string.Empty : " (" + string.Join(", ", records.SkippedReasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key}: {r.Value:N0}"))) + ")")}"));
            if (records.StoppedAtLimit)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  STOPPED AT --limit {records.Read:N0}: the input has more records; they were not read"));
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {"stage",-8} {"in",10} {"out",10} {"failed",8} {"ms",10}"));
        foreach (var stage in report.Stages)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {stage.Name,-8} {stage.In,10} {stage.Out,10} {stage.Failed,8} {stage.DurationMs,10:F1}"));
        }

        await output.WriteLineAsync("  tiers: " + string.Join(", ", report.Tiers.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value}"))));
        if (report.Filtered.Count > 0)
        {
            await output.WriteLineAsync("  not contacted: " + string.Join(", ", report.Filtered.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} {f.Value}"))));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  enrichment rate: {report.EnrichmentRate:P1}"));
        await output.WriteLineAsync(report.EnrichmentProviders.Count == 0
            ? "  enrichment by provider: none configured (leads pass unenriched and score on the facts they have)"
            : "  enrichment by provider: " + string.Join(", ", report.EnrichmentProviders.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Rate:P1} ({p.Enriched}/{p.Attempts})"))));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  errors: {report.ErrorCount}"));
        foreach (var error in report.Errors.Take(10))
        {
            await output.WriteLineAsync($"    [{error.Stage}] {error.Subject}: {error.Message}");
        }
    }

    private sealed class PipelineProgressText(ProgressReporter reporter) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) =>
            reporter.Report(() => string.Create(CultureInfo.InvariantCulture, $"sourced {value.Sourced:N0}{(value.Limit == int.MaxValue ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"/{value.Limit:N0}"))}, completed {value.Completed:N0}, failed {value.Failed:N0}"));

        /// <summary>The run's final counts: what its first stage read, what left its last stage, what failed.</summary>
        public static string Final(RunReport report) =>
            report.Stages.Count == 0
                ? "done"
                : string.Create(CultureInfo.InvariantCulture, $"sourced {report.Stages[0].Out:N0}, completed {report.Stages[^1].Out:N0} ({report.Stages[^1].Name}), failed {report.Stages.Sum(s => s.Failed):N0}");
    }
}
