using System.CommandLine;
using System.Text.Json;
using Caio.Sourcing;
using Caio.Worker.Commands;
using Microsoft.Extensions.Options;

namespace Caio.Worker;

/// <summary>The worker's command line: parse, resolve an SDK service, print. Exit codes: 0 ok, 1 failure, 2 bad input.</summary>
internal static class CaioCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var context = new CliContext(stdout, stderr) { IsInteractive = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected };
        var root = new RootCommand("Caio worker: runs the outbound pipeline and operates the review queue and dispatch.");
        root.Options.Add(CliContext.StateDir);
        root.Options.Add(CliContext.Verbose);
        root.Options.Add(CliContext.Now);
        root.Subcommands.Add(PipelineCommand.Create(context));
        root.Subcommands.Add(ScoreCommand.Create(context));
        root.Subcommands.Add(DedupKeyCommand.Create(context));
        root.Subcommands.Add(BatchHashCommand.Create(context));
        root.Subcommands.Add(QueueCommand.Create(context));
        root.Subcommands.Add(BatchCommand.Create(context));
        root.Subcommands.Add(OperatorCommand.Create(context));
        root.Subcommands.Add(OperatorCommand.CreateReconcile(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(EmergencyStopCommand.Create(context));
        root.Subcommands.Add(SmokeCommand.Create(context));

        // Addresses start with '@' often enough that response files would surprise: they are off.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync("error: " + error.Message);
            }

            await stderr.WriteLineAsync("Run with --help for usage.");
            return BadInput;
        }

        var verbose = parse.GetValue(CliContext.Verbose);
        var quarantine = new Caio.State.UnreadableRecords();
        CliOptions.Quarantine = quarantine;
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception ex) when (IsBadInput(ex))
        {
            await stderr.WriteLineAsync("error: " + Describe(ex));
            if (verbose)
            {
                await stderr.WriteLineAsync(ex.ToString());
            }

            return BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled");
            return Failure;
        }
        catch (Exception ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            if (verbose)
            {
                await stderr.WriteLineAsync(ex.ToString());
            }

            return Failure;
        }
        finally
        {
            // Nothing is dropped silently: every record skipped as unreadable is named, with its error.
            foreach (var record in quarantine.Snapshot())
            {
                await stderr.WriteLineAsync($"quarantined: {record.Key} cannot be read and was skipped, left in place for repair ({record.Error})");
            }
        }
    }

    private static bool IsBadInput(Exception ex) =>
        ex is UsageException or FormatException or JsonException or OptionsValidationException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
        || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(IsBadInput));

    private static string Describe(Exception ex) => ex switch
    {
        OptionsValidationException options => string.Join("; ", options.Failures),
        LeadImportException import => import.Message,
        JsonException json => $"malformed JSON{(json.LineNumber is { } line ? $" at line {line + 1}" : string.Empty)}: {json.Message.Split(" Path:", 2)[0]}",
        AggregateException aggregate => string.Join("; ", aggregate.InnerExceptions.Select(Describe)),
        _ => ex.Message,
    };
}
