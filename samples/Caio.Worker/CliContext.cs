using System.CommandLine;

namespace Caio.Worker;

/// <summary>Options every command takes, and where commands write.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr)
{
    public static readonly Option<string?> StateDir = new("--state-dir")
    {
        Description = "State directory of the file backend (default ./.caio; sandbox pipeline runs: ./.caio-sandbox).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Log progress details and show stack traces on errors.",
        Recursive = true,
    };

    public static readonly Option<string?> Now = new("--now")
    {
        Description = "Run against a fixed clock at this ISO-8601 time with its offset, e.g. 2026-11-23T15:00:00Z or 2026-11-23T09:00:00-06:00 (rehearsals, demos, tests). Default: the system clock.",
        Recursive = true,
    };

    public static readonly Option<string?> ProgressEvery = new("--progress-interval")
    {
        Description = "When standard error is not a terminal (cron, CI): write a progress line this often during long runs (e.g. 10s, 1m; 0s: never). Default 10s.",
        Recursive = true,
    };

    public static readonly Option<string?> By = new("--by")
    {
        Description = "Who is acting (recorded in the audit trail). Default: the OS user.",
    };

    public TextWriter Out { get; } = stdout;

    /// <summary>Prints the outcome of a state-changing command: the success line, or the refusal code and detail (exit 1).</summary>
    public Task<int> ReportAsync(Caio.Safety.Refusal? refusal, string success) => ReportAsync(refusal?.Code, refusal?.Detail, success);

    /// <summary>Prints the outcome of a state-changing command: the success line, or the refusal code and detail (exit 1).</summary>
    public async Task<int> ReportAsync(Caio.Safety.ReasonCode? refusalCode, string? detail, string success)
    {
        if (refusalCode is not { } code)
        {
            await Out.WriteLineAsync(success);
            return CaioCli.Ok;
        }

        await Error.WriteLineAsync($"refused: {code}: {detail}");
        if (code.Explanation is { } explanation)
        {
            await Error.WriteLineAsync("  " + explanation);
        }

        return CaioCli.Failure;
    }

    /// <summary>Standard error; synchronized, since a progress line may be written from a timer while the command writes.</summary>
    public TextWriter Error { get; } = TextWriter.Synchronized(stderr);

    public bool IsInteractive { get; init; }

    /// <summary>How often a long run writes a progress line when standard error is not a terminal; zero: never.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Shared option helpers.</summary>
internal static partial class CliOptions
{
    private static readonly AsyncLocal<Caio.State.UnreadableRecords?> CurrentQuarantine = new();

    /// <summary>The records this command run could not read and skipped (printed after the command).</summary>
    public static Caio.State.UnreadableRecords? Quarantine
    {
        get => CurrentQuarantine.Value;
        set => CurrentQuarantine.Value = value;
    }

    public static string Actor(this System.CommandLine.ParseResult parse) =>
        Human(parse.GetValue(CliContext.By) is { Length: > 0 } by ? by : Environment.UserName);

    /// <summary>Refuses the sandbox's actor namespace, which marks sandbox work: a person may not act under it.</summary>
    public static string Human(string actor)
    {
        return Caio.Batches.SandboxWork.IsSandboxActor(actor)
            ? throw new UsageException($"--by: '{actor}' is in the reserved '{Caio.Batches.SandboxWork.ActorPrefix}' namespace of the sandbox's automatic approver.")
            : actor;
    }

    /// <summary>
    /// The <c>--now</c> instant. A time without an offset is refused: on another machine or time zone it would name
    /// another instant, and a rehearsal clock must mean the same everywhere.
    /// </summary>
    public static DateTimeOffset? NowValue(this System.CommandLine.ParseResult parse)
    {
        if (parse.GetValue(CliContext.Now) is not { } text)
        {
            return null;
        }

        var trimmed = text.Trim();
        var hasOffset = TimeWithOffset().IsMatch(trimmed);
        if (!DateTimeOffset.TryParse(trimmed, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value))
        {
            throw new UsageException($"--now: '{text}' is not a date and time. Expected ISO-8601 with an offset, e.g. 2026-11-23T15:00:00Z or 2026-11-23T09:00:00-06:00.");
        }

        return hasOffset
            ? value
            : throw new UsageException($"--now: '{text}' has no offset, so it could mean a different instant on another machine. Add 'Z' for UTC or the offset, e.g. {trimmed}Z or {trimmed}-06:00.");
    }

    /// <summary>A time of day followed by <c>Z</c> or an offset: <c>15:00:00Z</c>, <c>09:00-06:00</c>, <c>15:00:00.5+0100</c>, <c>15:00+01</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")]
    private static partial System.Text.RegularExpressions.Regex TimeWithOffset();

    /// <summary>The bound options of type <typeparamref name="T"/>.</summary>
    public static T Options<T>(this Microsoft.Extensions.Hosting.IHost host)
        where T : class =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<T>>(host.Services).Value;

    /// <summary>The command's current time (the <c>--now</c> clock when given).</summary>
    public static DateTimeOffset Now(this Microsoft.Extensions.Hosting.IHost host) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TimeProvider>(host.Services).GetUtcNow();

    /// <summary>The time zone operator-facing times are shown in: the caps' day boundaries (<c>Caio:Safety:Caps:TimeZone</c>).</summary>
    public static string Zone(this Microsoft.Extensions.Hosting.IHost host) => host.Options<Caio.Safety.SafetyOptions>().Caps.TimeZone;

    public static Microsoft.Extensions.Hosting.IHost BuildHost(this System.CommandLine.ParseResult parse, bool sandbox = false) =>
        WorkerHost.Build(parse.GetValue(CliContext.StateDir), parse.GetValue(CliContext.Verbose), parse.NowValue(), sandbox, Quarantine);

    /// <summary>The host of a command that works on state that must already exist: a state directory that does not exist is bad input (exit 2), never created empty.</summary>
    public static Microsoft.Extensions.Hosting.IHost BuildStateHost(this System.CommandLine.ParseResult parse) =>
        WorkerHost.Build(parse.GetValue(CliContext.StateDir), parse.GetValue(CliContext.Verbose), parse.NowValue(), sandbox: false, Quarantine, requireState: true);
}

/// <summary>A time provider whose wall clock is fixed (timers and timestamps stay real).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}

/// <summary>A command's input was unusable: printed without a stack trace, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
