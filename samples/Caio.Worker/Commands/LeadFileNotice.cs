using System.Globalization;
using Caio.Sourcing;

namespace Caio.Worker.Commands;

/// <summary>Tells, before a lead file is read, which of its columns are ignored and which separator it uses.</summary>
internal static class LeadFileNotice
{
    public static async Task WriteAsync(TextWriter error, string path, CancellationToken cancellationToken)
    {
        var header = await LeadFileReader.InspectAsync(path, cancellationToken);
        if (header.Format != "csv")
        {
            await RefuseTextThatIsNotJsonAsync(path, cancellationToken);
            return;
        }

        var name = Path.GetFileName(path);
        if (header.Delimiter is ';' or '\t')
        {
            await error.WriteLineAsync($"note: {name} is read as {(header.Delimiter == ';' ? "semicolon" : "tab")}-separated");
        }

        if (header.IgnoredColumns.Count > 0)
        {
            await error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"warning: {name}: {header.IgnoredColumns.Count} column(s) ignored, they fill no lead field: {string.Join(", ", header.IgnoredColumns.Select(c => "'" + c + "'"))} (accepted names: docs/lead-format.md)"));
        }
    }

    /// <summary>
    /// A file that does not end in <c>.csv</c> is read as JSON. An export saved as <c>.tsv</c>, <c>.txt</c> or
    /// without an extension would otherwise fail with "expected a JSON array": name the rule and the way out.
    /// </summary>
    private static async Task RefuseTextThatIsNotJsonAsync(string path, CancellationToken cancellationToken)
    {
        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var buffer = new char[4096];
        int read;
        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        {
            read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        }

        var first = buffer.AsSpan(0, read).TrimStart();
        if (first.IsEmpty || first[0] == '[')
        {
            return;
        }

        var name = Path.GetFileName(path);
        throw new UsageException($"{name} is read as JSON, because only a file whose name ends in .csv is read as CSV, and it does not start with '[' (a JSON array of leads). If it is a CSV export (comma-, semicolon- or tab-separated), give it a .csv name, e.g. '{Path.ChangeExtension(name, ".csv")}'.");
    }
}
