using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Caio.Leads;

namespace Caio.Sourcing;

/// <summary>CSV lead files: the header mapped to lead fields (CRM export names too), the separator detected.</summary>
public static partial class LeadFileReader
{
    private static readonly char[] Delimiters = [',', ';', '\t'];

    /// <summary>
    /// Reads a lead file's header without reading its leads: for CSV, the separator and which columns fill which
    /// lead field and which are ignored (so a caller can warn about them); for JSON, nothing to map.
    /// </summary>
    /// <param name="path">The lead file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The header.</returns>
    /// <exception cref="LeadImportException">The file does not exist, is empty, or its header has no email column.</exception>
    public static async Task<LeadFileHeader> InspectAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new LeadImportException($"Input file '{path}' does not exist.");
        }

        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new LeadFileHeader("json", null, [], []);
        }

        var (delimiter, header) = await ReadHeaderAsync(path, cancellationToken).ConfigureAwait(false);
        var (columns, ignored) = CsvLeadColumns.Map(header);
        return new LeadFileHeader(
            "csv",
            delimiter,
            [.. columns.OrderBy(c => c.Value.Index).Select(c => new KeyValuePair<string, string>(c.Value.Written, c.Key))],
            ignored);
    }

    private static async Task<(char Delimiter, IReadOnlyList<string> Header)> ReadHeaderAsync(string path, CancellationToken cancellationToken)
    {
        var origin = Path.GetFileName(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var first = await new CsvRecordReader(reader, delimiter: '\n').ReadRecordAsync(cancellationToken).ConfigureAwait(false);
        if (first is null || first.Count == 0 || first[0].Trim().Length == 0)
        {
            throw new LeadImportException($"{origin}: the file is empty; expected a header row.");
        }

        var line = first[0];
        var best = Delimiters
            .Select(d => (Delimiter: d, Fields: line.Split(d).Select(f => f.Trim().Trim('"')).ToList()))
            .Select(c => (c.Delimiter, c.Fields, Known: c.Fields.Count(f => CsvLeadColumns.FieldFor(f) is not null), HasEmail: c.Fields.Any(f => CsvLeadColumns.FieldFor(f) == "email")))
            .OrderByDescending(c => c.HasEmail)
            .ThenByDescending(c => c.Known)
            .First();
        if (!best.HasEmail)
        {
            var separated = Delimiters.Where(d => d != ',' && line.Contains(d, StringComparison.Ordinal)).Select(Name).ToList();
            throw new LeadImportException(
                $"{origin}: the header has no 'email' column (required; accepted names include 'email', 'Email Address', 'Work Email'). Columns found: {string.Join(", ", best.Fields.Select(f => "'" + f + "'"))}."
                + (separated.Count > 0 && !line.Contains(',', StringComparison.Ordinal) ? $" The file looks separated by {string.Join(" or ", separated)}; Caio reads comma-, semicolon- or tab-separated files." : string.Empty));
        }

        return (best.Delimiter, best.Fields);
    }

    private static string Name(char delimiter) => delimiter switch { ';' => "';'", '\t' => "tabs", _ => "','" };

    private static async IAsyncEnumerable<LeadFileRecord> ReadCsvAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var origin = Path.GetFileName(path);
        var (delimiter, _) = await ReadHeaderAsync(path, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 64 * 1024, Options = FileOptions.SequentialScan });
        var csv = new CsvRecordReader(reader, delimiter: delimiter);
        var header = await ReadCsvRecordAsync(csv, origin, 0, cancellationToken).ConfigureAwait(false)
            ?? throw new LeadImportException($"{origin}: the file is empty; expected a header row.");
        var (columns, _) = CsvLeadColumns.Map(header);
        var number = 0;
        while (await ReadCsvRecordAsync(csv, origin, number + 1, cancellationToken).ConfigureAwait(false) is { } fields)
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            number++;
            var lead = ParseCsvLead(origin, number, csv.RecordLine, columns, fields);
            var subject = LeadFileLimits.Describe(number, string.Create(CultureInfo.InvariantCulture, $"line {csv.RecordLine}"), lead.Email);
            yield return LeadFileLimits.Check(lead) is { } reason ? new LeadFileRecord(null, reason, subject) : new LeadFileRecord(lead, null, subject);
        }
    }

    private static async ValueTask<IReadOnlyList<string>?> ReadCsvRecordAsync(CsvRecordReader csv, string origin, int number, CancellationToken cancellationToken)
    {
        try
        {
            return await csv.ReadRecordAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LeadImportException ex)
        {
            throw new LeadImportException(number == 0 ? $"{origin}: header: {ex.Message}." : string.Create(CultureInfo.InvariantCulture, $"{origin}: lead #{number}: {ex.Message}."), ex);
        }
    }

    private static Lead ParseCsvLead(string origin, int number, int line, Dictionary<string, (int Index, string Written)> columns, IReadOnlyList<string> fields)
    {
        var row = string.Create(CultureInfo.InvariantCulture, $"lead #{number} (line {line})");
        string? Get(string field) =>
            columns.TryGetValue(field, out var column) && column.Index < fields.Count && fields[column.Index].Trim() is { Length: > 0 } value ? value : null;
        string Column(string field) => columns.TryGetValue(field, out var column) ? column.Written : field;

        int Int(string field)
        {
            var text = Get(field);
            if (text is null)
            {
                return 0;
            }

            return ParseCount(text) is { } value
                ? value
                : throw new LeadImportException($"{origin}: {row}, column '{Column(field)}': '{text}' is not a non-negative whole number.");
        }

        var email = Get("email") ?? throw new LeadImportException($"{origin}: {row} has no 'email' (required).");
        var employeesText = Get("employees");
        int? employees = employeesText is null ? null
            : ParseCount(employeesText) ?? throw new LeadImportException($"{origin}: {row}, column '{Column("employees")}': '{employeesText}' is not a number of employees (e.g. 120, 1,200, 51-200 or 10000+).");
        var demoText = Get("demoRequested");
        var demo = demoText is null ? false
            : demoText.ToUpperInvariant() switch
            {
                "TRUE" or "YES" or "Y" or "1" => true,
                "FALSE" or "NO" or "N" or "0" => false,
                _ => throw new LeadImportException($"{origin}: {row}, column '{Column("demoRequested")}': '{demoText}' is not true/false (allowed: true, false, yes, no, 1, 0)."),
            };
        var sourceTypeText = Get("sourceType");
        var sourceType = SourceType.Import;
        if (sourceTypeText is not null && !SourceTypesByWireName.TryGetValue(sourceTypeText, out sourceType))
        {
            throw new LeadImportException(
                $"{origin}: {row}, column '{Column("sourceType")}': unknown source type '{sourceTypeText}'. Expected one of: {string.Join(", ", SourceTypesByWireName.Keys)}.");
        }

        var tech = Get("techStack");
        return new Lead
        {
            Email = email,
            FirstName = Get("firstName"),
            LastName = Get("lastName"),
            Title = Get("title"),
            LinkedInUrl = Get("linkedInUrl"),
            TimeZone = Get("timeZone"),
            Company = new Company
            {
                Name = Get("companyName"),
                Domain = Get("companyDomain") is { } domain ? DomainOf(domain) : null,
                Employees = employees,
                Industry = Get("industry"),
                TechStack = tech is null ? [] : [.. tech.Split([';', '|', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            },
            Intent = new IntentSignals
            {
                SiteVisits = Int("siteVisits"),
                ContentDownloads = Int("contentDownloads"),
                PricingPageVisits = Int("pricingPageVisits"),
                DemoRequested = demo,
            },
            Source = new LeadSource { Type = sourceType, Name = Get("sourceName") },
        };
    }

    /// <summary>
    /// A count as exports write it: <c>120</c>, <c>1,200</c>, <c>10000+</c>, or a range <c>51-200</c> (its lower
    /// bound: the size the company is known to have at least); <see langword="null"/> when it is none of these.
    /// </summary>
    internal static int? ParseCount(string text)
    {
        var value = text.Trim().TrimEnd('+').Trim();
        var dash = value.IndexOfAny(['-', '–']);
        if (dash > 0)
        {
            value = value[..dash].Trim();
        }

        value = value.Replace(",", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    /// <summary>The domain of a website as exports write it: <c>https://www.acme.com/about</c> → <c>acme.com</c>.</summary>
    internal static string DomainOf(string website)
    {
        var text = website.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var end = text.IndexOfAny(['/', '?', '#', ':']);
        if (end >= 0)
        {
            text = text[..end];
        }

        return text.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
    }
}
