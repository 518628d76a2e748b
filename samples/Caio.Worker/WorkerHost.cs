using Caio.Hosting;
using Caio.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Caio.Worker;

/// <summary>Builds the host a command resolves SDK services from: embedded appsettings, environment, then command-line overrides.</summary>
internal static class WorkerHost
{
    /// <summary>Suffix of the state directory a sandbox run uses when no <c>--state-dir</c> is given (<c>./.caio-sandbox</c>).</summary>
    public const string SandboxStateSuffix = "-sandbox";

    public static IHost Build(string? stateDirectory, bool verbose, DateTimeOffset? now = null, bool sandbox = false, Caio.State.UnreadableRecords? quarantine = null, bool requireState = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        if (stateDirectory is null && sandbox)
        {
            // A sandbox run never touches production state: without --state-dir it uses its own directory.
            var configured = builder.Configuration[$"{CaioOptions.SectionName}:{nameof(CaioOptions.StateDirectory)}"] ?? new CaioOptions().StateDirectory;
            stateDirectory = Path.TrimEndingDirectorySeparator(configured) + SandboxStateSuffix;
        }

        if (stateDirectory is not null)
        {
            builder.Configuration.AddInMemoryCollection([new($"{CaioOptions.SectionName}:{nameof(CaioOptions.StateDirectory)}", Path.GetFullPath(stateDirectory))]);
        }
        else if (builder.Configuration[$"{CaioOptions.SectionName}:{nameof(CaioOptions.StateDirectory)}"] is { } configured && !Path.IsPathRooted(configured))
        {
            // Relative state directories are relative to where the command runs, not to the binary.
            builder.Configuration.AddInMemoryCollection([new($"{CaioOptions.SectionName}:{nameof(CaioOptions.StateDirectory)}", Path.GetFullPath(configured))]);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter(null, verbose ? LogLevel.Information : LogLevel.Warning);

        // Every retry of a provider call is visible with --verbose; otherwise the command's own answer says what failed.
        builder.Logging.AddFilter("Polly", verbose ? LogLevel.Warning : LogLevel.None);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (sandbox)
        {
            // The sandbox run plays out a business day on its own simulated clock, on its own state.
            var clock = now is { } start ? new SandboxClock(start) : SandboxClock.ForNextBusinessDay(TimeProvider.System.GetUtcNow());
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<TimeProvider>(clock);
        }
        else if (now is { } fixedNow)
        {
            builder.Services.AddSingleton<TimeProvider>(new FixedClock(fixedNow));
        }

        if (quarantine is not null)
        {
            builder.Services.AddSingleton(quarantine);
        }

        var caioBuilder = builder.Services.AddCaio(builder.Configuration);
        caioBuilder.UseStateBackendFromConfiguration(builder.Configuration);
        TelemetryExport.Add(builder, caioBuilder);
        if (!sandbox)
        {
            // A sandbox run never reaches a provider.
            ProviderSetup.AddConfiguredProviders(caioBuilder, builder.Configuration);
        }

        var host = builder.Build();
        TelemetryExport.Start(host.Services);

        // Options are validated now, before any command runs, so a bad setting fails with its name.
        host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        var caio = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CaioOptions>>().Value;
        var backend = host.Services.GetRequiredService<StateBackendDescriptor>();
        if (requireState && backend.UsesStateDirectory && !Directory.Exists(Path.GetFullPath(caio.StateDirectory)))
        {
            host.Dispose();
            throw new UsageException(
                $"there is no Caio state in '{Path.GetFullPath(caio.StateDirectory)}' (the directory does not exist). Pass --state-dir with the directory a pipeline run wrote (a sandbox run without --state-dir writes ./.caio-sandbox), or run 'pipeline' first.");
        }

        if ((now is not null || sandbox) && !backend.InProcess)
        {
            try
            {
                RehearsalClock.Check(Path.GetFullPath(caio.StateDirectory), now, sandbox, TimeProvider.System);
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }

        return host;
    }
}
