using System.Text;
using System.Text.Json;
using Caio.Pipeline;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Pipeline;

/// <summary>A run report's mode and status are enums in code and the same lower-case strings in stored reports and <c>pipeline --json</c>.</summary>
public sealed class RunReportWireFormatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sandbox", "completed", PipelineMode.Sandbox, RunReportStatus.Completed)]
    [InlineData("production", "failed", PipelineMode.Production, RunReportStatus.Failed)]
    [InlineData("production", "cancelled", PipelineMode.Production, RunReportStatus.Cancelled)]
    public async Task StoredReportWithModeAndStatusAsStrings_ReadsBack(string mode, string status, PipelineMode expectedMode, RunReportStatus expectedStatus)
    {
        // A report exactly as stored when the mode and status were strings.
        var old = $$"""
            {"runId":"run_20260105_100000_abcdef","mode":"{{mode}}","source":"csv","status":"{{status}}","startedAt":"2026-01-05T10:00:00+00:00","finishedAt":"2026-01-05T10:00:01+00:00","stages":[{"name":"import","in":3,"out":3,"failed":0,"durationMs":1.5}],"tiers":{"tier_1":1},"enrichmentRate":0,"errors":[],"errorCount":0}
            """;
        var store = new InMemoryStateStore(new FakeTimeProvider());
        await store.PutAsync("runs:report:run_20260105_100000_abcdef", Encoding.UTF8.GetBytes(old), cancellationToken: Ct);

        var report = await new RunReportStore(store).GetAsync("run_20260105_100000_abcdef", Ct);

        Assert.Equal(expectedMode, report!.Mode);
        Assert.Equal(expectedStatus, report.Status);
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(report, RunReportJsonContext.Default.RunReport));
        Assert.Equal(mode, written.RootElement.GetProperty("mode").GetString());
        Assert.Equal(status, written.RootElement.GetProperty("status").GetString());
    }
}
