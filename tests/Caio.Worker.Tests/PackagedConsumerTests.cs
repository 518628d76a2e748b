using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Caio.Worker.Tests;

/// <summary>
/// Packs the packages as a release would, then builds and runs a consumer project against the
/// packed packages only: the README's quick start, pasted verbatim as its <c>Program.cs</c>. The
/// consumer restores offline — from the packed folder and the machine's package cache — into a
/// package folder of its own, so no earlier build of the same version can stand in for this one.
/// </summary>
public sealed partial class PackagedConsumerTests : IDisposable
{
    private static readonly string[] Packages = ["src/Caio.Core/Caio.Core.csproj", "src/Caio.Testing/Caio.Testing.csproj", "samples/Caio.Worker/Caio.Worker.csproj"];
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("caio-packed-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReadmeQuickStart_BuiltAgainstPackedPackages_RunsTheProductionFlow()
    {
        var repository = RepositoryRoot();
        var feed = Path.Combine(_root, "packages");
        var configuration = typeof(PackagedConsumerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

        // Pack what the test build already compiled (the test project references all three).
        await Task.WhenAll(Packages.Select(project => DotnetAsync(repository, "pack", Path.Combine(repository, project), "-c", configuration, "--no-build", "-o", feed, "-nodeReuse:false")));
        var version = AssertPackages(feed);

        var consumer = Path.Combine(_root, "consumer");
        System.IO.Directory.CreateDirectory(consumer);
        WriteConsumer(consumer, version, QuickStart(File.ReadAllText(Path.Combine(repository, "README.md"))));
        File.Copy(Path.Combine(repository, "samples", "leads.json"), Path.Combine(consumer, "leads.json"));
        WriteNuGetConfig(feed);

        await DotnetAsync(consumer, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        var program = Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll");

        var run = await DotnetAsync(consumer, program);
        Assert.True(Regex.IsMatch(run.Out, @"(?m)^\S+: 3 drafts wait for review$"), run.Out);
        foreach (var recipient in new[] { "ana.lopez@acme.example", "sam.okafor@northwind.example", "li.wei@contoso.example" })
        {
            // Sent, or deferred/refused by a layer with its reason: which one depends on the hour the test runs.
            Assert.True(Regex.IsMatch(run.Out, $@"(?m)^email:{Regex.Escape(recipient)} (sent|deferred \S+|refused \S+)"), run.Out);
        }

        // Strict binding holds in the packed packages: a misspelt cap stops the program, naming the key and the closest known one.
        var misspelt = await RunAsync(consumer, "dotnet", [program], new() { ["Caio__Safety__Caps__Dialy"] = "50" }, mustSucceed: false);
        Assert.NotEqual(0, misspelt.ExitCode);
        Assert.Contains("Caio:Safety:Caps:Dialy is not a known setting. Did you mean 'Daily' (Caio:Safety:Caps:Daily)?", misspelt.Error, StringComparison.Ordinal);

        // The packed worker installs as the `caio` tool and runs.
        var tools = Path.Combine(_root, "tools");
        await DotnetAsync(_root, "tool", "install", "Caio.Worker", "--version", version, "--tool-path", tools, "--configfile", Path.Combine(_root, "nuget.config"));
        var dedup = await RunAsync(_root, Path.Combine(tools, "caio"), "dedup-key", " Jane.Doe+news@GoogleMail.com ");
        Assert.Contains("email:janedoe@gmail.com", dedup.Out, StringComparison.Ordinal);
    }

    /// <summary>The first <c>csharp</c> block under the README's quick start heading, exactly as written.</summary>
    private static string QuickStart(string readme)
    {
        var heading = readme.IndexOf("## Quick start", StringComparison.Ordinal);
        Assert.True(heading >= 0, "README.md has no '## Quick start' section.");
        var match = CSharpBlock().Match(readme, heading);
        Assert.True(match.Success, "README.md's quick start has no ```csharp block.");
        return match.Groups["code"].Value;
    }

    private static string AssertPackages(string feed)
    {
        var core = Assert.Single(System.IO.Directory.GetFiles(feed, "Caio.Core.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(core)["Caio.Core.".Length..];
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$", version);
        foreach (var (id, library) in new[] { ("Caio.Core", "lib/net10.0/Caio.Core"), ("Caio.Testing", "lib/net10.0/Caio.Testing") })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{version}.snupkg")), $"{id} has no symbol package.");
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("README.md", entries);
            Assert.Contains(library + ".dll", entries);
            Assert.Contains(library + ".xml", entries);
            using var nuspec = new StreamReader(package.GetEntry($"{id}.nuspec")!.Open());
            var metadata = nuspec.ReadToEnd();
            Assert.Contains("<readme>README.md</readme>", metadata, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\" url=\"", metadata, StringComparison.Ordinal);
            Assert.Contains("<projectUrl>", metadata, StringComparison.Ordinal);
        }

        using (var tool = ZipFile.OpenRead(Path.Combine(feed, $"Caio.Worker.{version}.nupkg")))
        {
            var settings = Assert.Single(tool.Entries, e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
            using var reader = new StreamReader(settings.Open());
            Assert.Contains("Command Name=\"caio\"", reader.ReadToEnd(), StringComparison.Ordinal);
            Assert.Contains(tool.Entries, e => e.FullName.EndsWith("/appsettings.json", StringComparison.Ordinal));
        }

        return version;
    }

    private static void WriteConsumer(string directory, string version, string program)
    {
        // Empty build files stop MSBuild from picking up anything above the consumer's folder.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Caio.Core" Version="{version}" />
                <PackageReference Include="Caio.Testing" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.14" />
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>
    /// Sources: the packed folder for Caio's packages, the machine's package cache (read as a local
    /// feed) for everything else. Restores go to a package folder of this test's own.
    /// </summary>
    private void WriteNuGetConfig(string feed)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_root, "restored")}" />
              </config>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="machine-cache" value="{cache}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="packed">
                  <package pattern="Caio.*" />
                </packageSource>
                <packageSource key="machine-cache">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    private Task<ProcessResult> DotnetAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, "dotnet", args);

    private Task<ProcessResult> RunAsync(string workingDirectory, string fileName, params string[] args) => RunAsync(workingDirectory, fileName, args, [], mustSucceed: true);

    private async Task<ProcessResult> RunAsync(string workingDirectory, string fileName, string[] args, Dictionary<string, string> environment, bool mustSucceed)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "restored");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        try
        {
            await process.WaitForExitAsync(Ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var result = new ProcessResult(process.ExitCode, await output, await error);
        Assert.True(!mustSucceed || result.ExitCode == 0, $"{fileName} {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.Out}\n{result.Error}");
        return result;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Caio.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Caio.Sdk.sln not found above the test output directory.");
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private sealed record ProcessResult(int ExitCode, string Out, string Error);
}
