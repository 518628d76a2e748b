using System.Reflection;
using System.Text.RegularExpressions;
using Caio.Diagnostics;

namespace Caio.Worker.Tests;

/// <summary>The telemetry page lists every log event id, instrument and span the packages emit, so dashboards and alerts can rely on it.</summary>
public sealed partial class TelemetryDocsTests
{
    [Fact]
    public void TelemetryPage_ListsEveryLoggerMessageEventIdOfThePackages()
    {
        var root = PackagedConsumerTests.RepositoryRoot();
        var page = File.ReadAllText(Path.Combine(root, "docs", "telemetry.md"));
        var ids = System.IO.Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => EventId().Matches(File.ReadAllText(f)).Select(m => (Id: m.Groups["id"].Value, File: Path.GetFileName(f))))
            .ToList();

        Assert.True(ids.Count >= 20, $"only {ids.Count} [LoggerMessage] event ids found under src/");
        var missing = ids.Where(e => !page.Contains($"| {e.Id} |", StringComparison.Ordinal)).Select(e => $"{e.Id} ({e.File})").Distinct().ToList();
        Assert.True(missing.Count == 0, "docs/telemetry.md does not list event ids: " + string.Join(", ", missing));
    }

    [Fact]
    public void TelemetryPage_NamesTheMeterTheActivitySourceEveryInstrumentAndEverySpan()
    {
        var page = File.ReadAllText(Path.Combine(PackagedConsumerTests.RepositoryRoot(), "docs", "telemetry.md"));
        var names = typeof(CaioInstruments).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(CaioTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Contains(CaioTelemetry.Name, names);
        Assert.All(names, name => Assert.Contains($"`{name}`", page, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\[LoggerMessage\(EventId\s*=\s*(?<id>\d+)")]
    private static partial Regex EventId();
}
