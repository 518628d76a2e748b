using System.CommandLine;

namespace Caio.Worker;

/// <summary>Options every command takes, and where commands write.</summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr)
{
    public static readonly Option<string?> StateDir = new("--state-dir")
    {
        Description = "State directory of the file backend (default ./.caio).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Log progress details and show stack traces on errors.",
        Recursive = true,
    };

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public bool IsInteractive { get; init; }
}

/// <summary>A command's input was unusable: printed without a stack trace, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
