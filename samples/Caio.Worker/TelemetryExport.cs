using Caio.Diagnostics;
using Caio.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Caio.Worker;

/// <summary>Settings of the worker's telemetry export, bound from <c>Caio:Telemetry</c>. Off by default.</summary>
internal sealed class TelemetryExportOptions
{
    public const string SectionName = "Caio:Telemetry";

    /// <summary><c>none</c> (default), <c>console</c> (standard output) or <c>otlp</c>.</summary>
    public string Exporter { get; set; } = "none";

    /// <summary>Base address of the OTLP collector; default <c>http://localhost:4317</c> (gRPC) or <c>http://localhost:4318</c> (HTTP).</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}

/// <summary>Exports Caio's meter and activity source with OpenTelemetry when <c>Caio:Telemetry:Exporter</c> asks for it.</summary>
internal static class TelemetryExport
{
    private static readonly string[] Exporters = ["none", "console", "otlp"];
    private static readonly string[] Protocols = ["grpc", "http/protobuf"];

    public static void Add(HostApplicationBuilder builder, ICaioBuilder caio)
    {
        caio.AddConfigurationSection<TelemetryExportOptions>(TelemetryExportOptions.SectionName);
        var options = builder.Configuration.GetSection(TelemetryExportOptions.SectionName).Get<TelemetryExportOptions>() ?? new();
        builder.Services.AddOptions<TelemetryExportOptions>()
            .Bind(builder.Configuration.GetSection(TelemetryExportOptions.SectionName))
            .Validate(o => Exporters.Contains(o.Exporter, StringComparer.OrdinalIgnoreCase), $"{TelemetryExportOptions.SectionName}:Exporter is '{options.Exporter}'; it must be none, console or otlp.")
            .Validate(o => Protocols.Contains(o.OtlpProtocol, StringComparer.OrdinalIgnoreCase), $"{TelemetryExportOptions.SectionName}:OtlpProtocol is '{options.OtlpProtocol}'; it must be grpc or http/protobuf.")
            .ValidateOnStart();

        var exporter = options.Exporter.ToUpperInvariant();
        if (exporter is not ("CONSOLE" or "OTLP"))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("caio-worker"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CaioTelemetry.Name);
                if (exporter == "CONSOLE")
                {
                    metrics.AddConsoleExporter();
                }
                else
                {
                    metrics.AddOtlpExporter(otlp => Configure(otlp, options, "v1/metrics"));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(CaioTelemetry.Name);
                if (exporter == "CONSOLE")
                {
                    tracing.AddConsoleExporter();
                }
                else
                {
                    tracing.AddOtlpExporter(otlp => Configure(otlp, options, "v1/traces"));
                }
            });
    }

    /// <summary>
    /// Creates the providers of a built host: a command does not start the host, and the providers
    /// export what was recorded when the host is disposed at the end of the command.
    /// </summary>
    public static void Start(IServiceProvider services)
    {
        services.GetService<MeterProvider>();
        services.GetService<TracerProvider>();
    }

    private static void Configure(OtlpExporterOptions otlp, TelemetryExportOptions options, string signalPath)
    {
        var http = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase);
        otlp.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (options.OtlpEndpoint is { } endpoint)
        {
            // Over HTTP a configured endpoint is used as is, so it names the signal's path.
            otlp.Endpoint = http ? new Uri(endpoint, signalPath) : endpoint;
        }
    }
}
