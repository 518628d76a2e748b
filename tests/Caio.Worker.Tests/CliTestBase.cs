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

    protected string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}

public sealed record CliResult(int ExitCode, string Out, string Error);
