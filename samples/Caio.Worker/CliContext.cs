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

    public static readonly Option<DateTimeOffset?> Now = new("--now")
    {
        Description = "Run against a fixed clock at this ISO-8601 time (rehearsals, demos, tests). Default: the system clock.",
        Recursive = true,
    };

    public static readonly Option<string?> By = new("--by")
    {
        Description = "Who is acting (recorded in the audit trail). Default: the OS user.",
    };

    public TextWriter Out { get; } = stdout;

    /// <summary>Prints the outcome of a state-changing command: the success line, or the refusal code and detail (exit 1).</summary>
    public async Task<int> ReportAsync(string? refusalCode, string? detail, string success)
    {
        if (refusalCode is null)
        {
            await Out.WriteLineAsync(success);
            return CaioCli.Ok;
        }

        await Error.WriteLineAsync($"refused: {refusalCode}: {detail}");
        if (Caio.Safety.ReasonCodeExplanations.Explain(refusalCode) is { } explanation)
        {
            await Error.WriteLineAsync("  " + explanation);
        }

        return CaioCli.Failure;
    }

    public TextWriter Error { get; } = stderr;

    public bool IsInteractive { get; init; }
}

/// <summary>Shared option helpers.</summary>
internal static class CliOptions
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
        WorkerHost.Build(parse.GetValue(CliContext.StateDir), parse.GetValue(CliContext.Verbose), parse.GetValue(CliContext.Now), sandbox, Quarantine);

    /// <summary>The host of a command that works on state that must already exist: a state directory that does not exist is bad input (exit 2), never created empty.</summary>
    public static Microsoft.Extensions.Hosting.IHost BuildStateHost(this System.CommandLine.ParseResult parse) =>
        WorkerHost.Build(parse.GetValue(CliContext.StateDir), parse.GetValue(CliContext.Verbose), parse.GetValue(CliContext.Now), sandbox: false, Quarantine, requireState: true);
}

/// <summary>A time provider whose wall clock is fixed (timers and timestamps stay real).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}

/// <summary>A command's input was unusable: printed without a stack trace, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
