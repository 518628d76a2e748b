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
}
