using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Caio.Worker.Tests;

/// <summary>Imports that don't surprise: whole files, counted records, bounded records, exact lead numbers.</summary>
public sealed class ImportCommandTests : CliTestBase
{
    private string[] Common => ["--state-dir", StateDir, "--now", "2026-11-23T15:00:00Z"];

    [Fact]
    public async Task Input_MoreLeadsThanTheOldDefaultLimit_ImportsTheWholeFileAndCountsRecords()
    {
        var csv = new StringBuilder("email,firstName,companyName,employees\n");
        for (var i = 0; i < 1_205; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"lead{i}@acme{i % 40}.example,Lead{i},Acme {i % 40},120\n");
        }

        csv.Append("not-an-address,Broken,Acme,120\n");
        var input = WriteFile("leads.csv", csv.ToString());

        var result = await RunAsync(["pipeline", "--mode", "production", "--input", input, "--json", .. Common]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var records = json.RootElement.GetProperty("records");
        Assert.Equal(1_206, records.GetProperty("read").GetInt64());
        Assert.Equal(1_205, records.GetProperty("imported").GetInt64());
        Assert.Equal(1, records.GetProperty("skipped").GetInt64());
        Assert.Equal(1, records.GetProperty("skippedReasons").GetProperty("invalid email: missing_at").GetInt64());
        Assert.False(records.GetProperty("stoppedAtLimit").GetBoolean());
        Assert.Contains(json.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("subject").GetString()!.StartsWith("lead #1206 (line 1207", StringComparison.Ordinal));

        var text = await RunAsync(["pipeline", "--mode", "production", "--input", input, "--limit", "10", .. Common]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("records: read 10, imported 10, skipped 0", text.Out, StringComparison.Ordinal);
        Assert.Contains("STOPPED AT --limit 10", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_FieldOverItsLimit_SkipsThatLeadWithReasonAndNumber()
    {
        var longName = new string('x', 5_000);
        var input = WriteFile("leads.json", $$"""
            [
              {"email": "ana@acme.example", "firstName": "Ana"},
              {"email": "bob@acme.example", "firstName": "{{longName}}"},
              {"email": "cy@acme.example", "firstName": "Cy"}
            ]
            """);

        var result = await RunAsync(["pipeline", "--mode", "production", "--input", input, "--json", .. Common]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var records = json.RootElement.GetProperty("records");
        Assert.Equal(2, records.GetProperty("imported").GetInt64());
        Assert.Equal(1, records.GetProperty("skippedReasons").GetProperty("field 'firstName' is longer than 1,000 characters").GetInt64());
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("lead #2 ($[1], line 3, b***@acme.example)", error.GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("leads.json")]
    [InlineData("leads.csv")]
    public async Task Input_HugeField_RefusesTheFileNamingTheLeadWithoutBufferingIt(string name)
    {
        var path = Path.Combine(Directory, name);
        await using (var writer = new StreamWriter(path))
        {
            var huge = new string('x', 1024 * 1024);
            if (name.EndsWith(".csv", StringComparison.Ordinal))
            {
                await writer.WriteAsync("email,firstName\nana@acme.example,Ana\nbob@acme.example,");
                for (var i = 0; i < 50; i++)
                {
                    await writer.WriteAsync(huge);
                }

                await writer.WriteAsync("\n");
            }
            else
            {
                await writer.WriteAsync("[{\"email\": \"ana@acme.example\"},\n {\"email\": \"bob@acme.example\", \"firstName\": \"");
                for (var i = 0; i < 50; i++)
                {
                    await writer.WriteAsync(huge);
                }

                await writer.WriteAsync("\"}]");
            }
        }

        var before = GC.GetTotalAllocatedBytes(precise: false);
        var result = await RunAsync(["pipeline", "--mode", "production", "--input", path, .. Common]);
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lead #2", result.Error, StringComparison.Ordinal);
        Assert.Contains("65,536", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.True(allocated < 100L * 1024 * 1024, $"the reader buffered the oversized field: {allocated:N0} bytes allocated");
    }

    [Theory]
    [InlineData("leads.json", "[{\"email\":\"a@acme.example\"},{\"email\":\"b@acme.example\",\"company\":{\"employees\":\"many\"}},{\"email\":\"c@acme.example\"}]", "lead #2 at $[1].company.employees")]
    [InlineData("leads.json", "[{\"email\":\"a@acme.example\"},\n{\"email\":\"b@acme.example\",\n \"firstName\": \"x\" \"y\"},\n{\"email\":\"c@acme.example\"}]", "lead #2 ($[1], line 3)")]
    [InlineData("leads.csv", "email,employees\na@acme.example,5\nb@acme.example,lots\n", "lead #2 (line 3), column 'employees'")]
    [InlineData("leads.csv", "email,firstName\na@acme.example,Ann\nb@acme.example,\"Bob\n", "lead #2: the record starting on line 3 has an unterminated quoted field")]
    public async Task Input_Malformed_ExitsTwoNamingTheRightLeadWithoutStackTrace(string name, string content, string expected)
    {
        var input = WriteFile(name, content);

        var result = await RunAsync(["pipeline", "--mode", "production", "--input", input, .. Common]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Caio.", result.Error, StringComparison.Ordinal); // no .NET type names
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_Malformed_WorkerProcessPrintsNoStackTraceWithoutVerbose()
    {
        var input = WriteFile("leads.json", "[{\"email\":\"a@acme.example\"},{\"email\":\"b@acme.example\",\"company\":{\"employees\":\"many\"}}]");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "caio-worker.dll"), "pipeline", "--mode", "production", "--input", input, .. Common])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await stdout;
        var error = await stderr;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("lead #2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }
}
