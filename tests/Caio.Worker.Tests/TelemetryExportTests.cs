using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Caio.Worker.Tests;

/// <summary>The worker exports Caio's metrics and traces with OpenTelemetry when configured to, and not otherwise.</summary>
public sealed class TelemetryExportTests : CliTestBase
{
    private static readonly string[] SandboxRun = ["pipeline", "--mode", "sandbox", "--limit", "40", "--now", "2026-11-23T15:00:00Z"];

    [Fact]
    public async Task Pipeline_ConsoleExporter_WritesCaioMetricsAndSpans()
    {
        var result = await RunProcessAsync([.. SandboxRun, "--state-dir", StateDir], new() { ["Caio__Telemetry__Exporter"] = "console" });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Metric Name: caio.pipeline.leads", result.Out, StringComparison.Ordinal);
        Assert.Contains("Metric Name: caio.dispatch.sends", result.Out, StringComparison.Ordinal);
        Assert.Contains("Metric Name: caio.pipeline.stage.duration", result.Out, StringComparison.Ordinal);
        Assert.Contains("caio.pipeline.run", result.Out, StringComparison.Ordinal);
        Assert.Contains("caio.dispatch.send", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_ByDefault_ExportsNothing()
    {
        var result = await RunProcessAsync([.. SandboxRun, "--state-dir", StateDir], []);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("Metric Name:", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("caio.dispatch.send", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_OtlpOverHttp_PostsMetricsAndTracesToTheCollector()
    {
        var port = FreePort();
        using var collector = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        collector.Start();
        var received = new ConcurrentDictionary<string, long>();
        var serving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body, TestContext.Current.CancellationToken);
                if (context.Request.ContentType == "application/x-protobuf")
                {
                    received.AddOrUpdate(context.Request.Url!.AbsolutePath, body.Length, (_, total) => total + body.Length);
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }, TestContext.Current.CancellationToken);

        var result = await RunProcessAsync([.. SandboxRun, "--state-dir", StateDir], new()
        {
            ["Caio__Telemetry__Exporter"] = "otlp",
            ["Caio__Telemetry__OtlpProtocol"] = "http/protobuf",
            ["Caio__Telemetry__OtlpEndpoint"] = $"http://127.0.0.1:{port}/",
        });
        collector.Stop();
        await serving;

        Assert.Equal(0, result.ExitCode);
        Assert.True(received.GetValueOrDefault("/v1/metrics") > 0, $"no metrics posted: {string.Join(", ", received.Keys)}");
        Assert.True(received.GetValueOrDefault("/v1/traces") > 0, $"no traces posted: {string.Join(", ", received.Keys)}");
    }

    [Fact]
    public async Task Status_UnknownExporter_ExitsTwoNamingTheSettingAndTheValue()
    {
        var result = await RunProcessAsync(["status", "--state-dir", StateDir], new() { ["Caio__Telemetry__Exporter"] = "zipkin" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Caio:Telemetry:Exporter is 'zipkin'; it must be none, console or otlp.", result.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
