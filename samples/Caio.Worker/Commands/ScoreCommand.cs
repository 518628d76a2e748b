using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;
using Caio.Scoring;
using Caio.Sourcing;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>score --input FILE [--json]</c>: scores leads from a file, in input order.</summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext cli)
    {
        var input = new Option<string>("--input") { Description = "JSON array (or CSV) of leads.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {email, score, tier, needsReview, disqualified, reasons}." };
        var command = new Command("score", "Score leads against the ideal customer profile.") { input, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(input)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"--input: file '{path}' does not exist.");
            }

            await LeadFileNotice.WriteAsync(cli.Error, path, cancellationToken);
            using var host = parse.BuildHost();
            var scorer = host.Services.GetRequiredService<IIcpScorer>();

            // A first pass reads the file without keeping anything, so a malformed file prints nothing but the
            // error; the second scores and prints lead by lead, so memory stays flat whatever the file's size.
            long total = 0;
            await foreach (var _ in LeadFileReader.ReadAsync(path, cancellationToken))
            {
                total++;
            }

            var asJson = parse.GetValue(json);
            // On a terminal, scores printed as text are their own progress; a live line would cut through them.
            using var progress = asJson || !cli.IsInteractive || Console.IsOutputRedirected ? ProgressReporter.Create(cli, "scored", total) : null;
            if (asJson)
            {
                await cli.Out.WriteAsync('[');
            }

            long count = 0;
            await foreach (var lead in LeadFileReader.ReadAsync(path, cancellationToken))
            {
                var score = scorer.Score(lead);
                var line = new ScoreLine(lead.Email!, score.Score, score.Tier, score.NeedsReview, score.Disqualified, score.Reasons);
                if (asJson)
                {
                    await cli.Out.WriteAsync(count == 0 ? "\n  " : ",\n  ");
                    await cli.Out.WriteAsync(JsonSerializer.Serialize(line, WorkerJsonContext.Default.ScoreLine).ReplaceLineEndings("\n  "));
                }
                else
                {
                    var flags = (line.Disqualified ? " disqualified" : string.Empty) + (line.NeedsReview ? " needs_review" : string.Empty);
                    await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{line.Score,3} {line.Tier.ToWireName()} {line.Email}{flags}"));
                    foreach (var reason in line.Reasons)
                    {
                        await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"      {reason.Category,-13} {reason.Points,3}  {reason.Detail}"));
                    }
                }

                progress?.Report(++count);
            }

            if (asJson)
            {
                await cli.Out.WriteLineAsync(count == 0 ? "]" : "\n]");
            }

            return CaioCli.Ok;
        });
        return command;
    }
}

internal sealed record ScoreLine(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("score")] int Score,
    [property: JsonPropertyName("tier")] Tier Tier,
    [property: JsonPropertyName("needsReview")] bool NeedsReview,
    [property: JsonPropertyName("disqualified")] bool Disqualified,
    [property: JsonPropertyName("reasons")] IReadOnlyList<ScoreReason> Reasons);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<ScoreLine>))]
[JsonSerializable(typeof(ScoreLine))]
[JsonSerializable(typeof(List<DedupKeyLine>))]
[JsonSerializable(typeof(BatchSummary))]
[JsonSerializable(typeof(List<Caio.Safety.SuppressionListing>))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;

internal sealed record BatchSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("motion")] string Motion,
    [property: JsonPropertyName("itemCount")] int ItemCount,
    [property: JsonPropertyName("actionCount")] int ActionCount,
    [property: JsonPropertyName("previewHash")] string PreviewHash,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt)
{
    /// <summary>The actions that cannot go out now, and why (<c>batch create</c> only).</summary>
    [JsonPropertyName("notices")]
    public IReadOnlyList<Caio.Batches.BatchActionNotice>? Notices { get; init; }
}
