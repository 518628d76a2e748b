using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Caio.Sourcing;
using Caio.Worker.Commands;
using Microsoft.Extensions.Options;

namespace Caio.Worker;

/// <summary>The worker's command line: parse, resolve an SDK service, print. Exit codes: 0 ok, 1 failure, 2 bad input.</summary>
internal static partial class CaioCli
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
        root.Options.Add(CliContext.ProgressEvery);
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
        root.Subcommands.Add(SuppressCommand.Create(context));
        root.Subcommands.Add(StateCommand.Create(context));
        root.Subcommands.Add(ProvidersCommand.Create(context));
        root.Subcommands.Add(CampaignsCommand.Create(context));
        root.Subcommands.Add(SmokeCommand.Create(context));

        // Addresses start with '@' often enough that response files would surprise: they are off.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync("error: " + UserTerms(error.Message, NameOf(error.SymbolResult)));
            }

            await stderr.WriteLineAsync("Run with --help for usage.");
            return BadInput;
        }

        var verbose = parse.GetValue(CliContext.Verbose);
        var quarantine = new Caio.State.UnreadableRecords();
        CliOptions.Quarantine = quarantine;
        try
        {
            if (parse.GetValue(CliContext.ProgressEvery) is { } every)
            {
                context.ProgressInterval = Commands.OperatorCommand.ParseDuration(every, "--progress-interval");
            }

            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception ex) when (IsBadInput(ex))
        {
            await stderr.WriteLineAsync("error: " + UserTerms(Describe(ex)));
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
            await stderr.WriteLineAsync("error: " + UserTerms(ex.Message));
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

    /// <summary>
    /// An error message in the user's terms: a value that does not parse names the option, the value and what is
    /// expected; .NET type names (<c>System.Nullable`1[...]</c>, <c>Caio.Leads.LeadSource</c>) and
    /// <c>(Parameter '…')</c> suffixes never reach the user.
    /// </summary>
    internal static string UserTerms(string message, string? symbol = null)
    {
        var parse = CannotParse().Match(message);
        if (parse.Success)
        {
            return $"{parse.Groups["option"].Value}: '{parse.Groups["value"].Value}' is not {Expected(parse.Groups["type"].Value)}.";
        }

        var unknown = NotRecognized().Match(message);
        if (unknown.Success)
        {
            var allowed = string.Join(", ", unknown.Groups["allowed"].Captures.Select(c => c.Value));
            return $"{(symbol is null ? string.Empty : symbol + ": ")}unknown value '{unknown.Groups["value"].Value}'. Expected one of: {allowed}.";
        }

        var setting = CannotConvertSetting().Match(message);
        if (setting.Success)
        {
            return $"{setting.Groups["key"].Value}: '{setting.Groups["value"].Value}' is not {Expected(setting.Groups["type"].Value, "a valid value for this setting (see docs/configuration.md)")}.";
        }

        var text = ParameterSuffix().Replace(message, string.Empty);
        return TypeName().Replace(text, "a value of the expected kind");
    }

    private static string Expected(string typeName, string otherwise = "a valid value (see --help)") =>
        typeName.Contains("Int32", StringComparison.Ordinal) || typeName.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
        : typeName.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : typeName.Contains("Double", StringComparison.Ordinal) || typeName.Contains("Decimal", StringComparison.Ordinal) ? "a number"
        : typeName.Contains("DateTime", StringComparison.Ordinal) ? "a date and time such as 2026-11-23T15:00:00Z"
        : typeName.Contains("TimeSpan", StringComparison.Ordinal) ? "a duration such as 00:15:00 (hh:mm:ss) or 1.00:00:00 (one day)"
        : otherwise;

    [System.Text.RegularExpressions.GeneratedRegex(@"Cannot parse argument '(?<value>[^']*)' for (?:option|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'\.?")]
    private static partial System.Text.RegularExpressions.Regex CannotParse();

    [System.Text.RegularExpressions.GeneratedRegex(@"Argument '(?<value>[^']*)' not recognized\. Must be one of:(?:\s*'(?<allowed>[^']*)')+")]
    private static partial System.Text.RegularExpressions.Regex NotRecognized();

    [System.Text.RegularExpressions.GeneratedRegex(@"Failed to convert configuration value '(?<value>[^']*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'\.?")]
    private static partial System.Text.RegularExpressions.Regex CannotConvertSetting();

    [System.Text.RegularExpressions.GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial System.Text.RegularExpressions.Regex ParameterSuffix();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![/\\\w.-])(?:System|Caio|Microsoft)(?:\.[A-Za-z_][\w`]*)+(?:\[[^\s]*\])?(?![/\\\w-])")]
    private static partial System.Text.RegularExpressions.Regex TypeName();

    /// <summary>What a parse error is about, as the user typed it: the option (<c>--motion</c>), or the command of an argument (<c>emergency-stop</c>).</summary>
    private static string? NameOf(SymbolResult? result) => result switch
    {
        OptionResult option => option.Option.Name,
        ArgumentResult { Parent: CommandResult command } => command.Command.Name,
        ArgumentResult argument => argument.Argument.Name,
        _ => null,
    };

    private static bool IsBadInput(Exception ex) =>
        IsBadSetting(ex) || ex is UsageException or FormatException or JsonException or OptionsValidationException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
        || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(IsBadInput));

    /// <summary>A setting whose value does not convert to its type (<c>Caio__Safety__Caps__Daily=abc</c>): bad configuration, exit 2.</summary>
    private static bool IsBadSetting(Exception ex) => ex is InvalidOperationException && CannotConvertSetting().IsMatch(ex.Message);

    private static string Describe(Exception ex) => ex switch
    {
        OptionsValidationException options => string.Join("; ", options.Failures),
        LeadImportException import => import.Message,
        JsonException json => $"malformed JSON{(json.LineNumber is { } line ? $" at line {line + 1}" : string.Empty)}: {json.Message.Split(" Path:", 2)[0]}",
        AggregateException aggregate => string.Join("; ", aggregate.InnerExceptions.Select(Describe)),
        ArgumentException argument when argument.ParamName is { } name => argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal),
        _ => ex.Message,
    };
}
