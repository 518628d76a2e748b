using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Caio.Leads;

namespace Caio.Sourcing;

/// <summary>
/// Streams leads from a JSON array file or a CSV file (chosen by extension: <c>.csv</c> is CSV,
/// anything else JSON). See docs/lead-format.md for both formats. Structural problems (malformed
/// JSON or CSV, a missing <c>email</c>, an unknown source type, a non-numeric count) throw a
/// <see cref="LeadImportException"/> naming the record and field.
/// </summary>
public static class LeadFileReader
{
    private static readonly Dictionary<string, SourceType> SourceTypesByWireName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["import"] = SourceType.Import,
        ["post_commenter"] = SourceType.PostCommenter,
        ["event_attendee"] = SourceType.EventAttendee,
        ["competitor_follower"] = SourceType.CompetitorFollower,
        ["website_visitor"] = SourceType.WebsiteVisitor,
        ["content_downloader"] = SourceType.ContentDownloader,
        ["demo_requester"] = SourceType.DemoRequester,
        ["webinar_registrant"] = SourceType.WebinarRegistrant,
        ["search"] = SourceType.Search,
    };

    /// <summary>Reads leads from a file, streaming.</summary>
    /// <param name="path">JSON or CSV file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The leads in file order.</returns>
    public static IAsyncEnumerable<Lead> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new LeadImportException($"Input file '{path}' does not exist.");
        }

        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? ReadCsvAsync(path, cancellationToken)
            : ReadJsonAsync(path, cancellationToken);
    }

    /// <summary>Reads a JSON array of leads from a stream.</summary>
    /// <param name="stream">UTF-8 JSON: an array of lead objects.</param>
    /// <param name="origin">Name of the input for messages (e.g. the file name).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The leads in input order.</returns>
    public static async IAsyncEnumerable<Lead> ReadJsonAsync(Stream stream, string origin, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var first = await PeekFirstSignificantByteAsync(stream, cancellationToken).ConfigureAwait(false);
        if (first != '[')
        {
            throw new LeadImportException(first < 0
                ? $"{origin}: the input is empty; expected a JSON array of leads."
                : $"{origin}: expected a JSON array of leads ('[' at the start).");
        }

        var index = 0;
        var enumerator = JsonSerializer.DeserializeAsyncEnumerable(stream, LeadJsonContext.Default.Lead, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                Lead? lead;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    lead = enumerator.Current;
                }
                catch (JsonException ex)
                {
                    throw new LeadImportException(DescribeJsonError(origin, index, ex), ex);
                }

                if (lead is null)
                {
                    throw new LeadImportException($"{origin}: lead #{index + 1} is null; expected an object.");
                }

                if (string.IsNullOrWhiteSpace(lead.Email))
                {
                    throw new LeadImportException($"{origin}: lead #{index + 1} has no 'email' (required).");
                }

                index++;
                yield return lead;
            }
        }
    }

    private static async IAsyncEnumerable<Lead> ReadJsonAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var lead in ReadJsonAsync(stream, Path.GetFileName(path), cancellationToken).ConfigureAwait(false))
            {
                yield return lead;
            }
        }
    }

    private static async ValueTask<int> PeekFirstSignificantByteAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (!stream.CanSeek)
        {
            return '[';
        }

        var start = stream.Position;
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        stream.Position = start;
        var offset = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        for (var i = offset; i < read; i++)
        {
            if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return buffer[i];
            }
        }

        return -1;
    }

    private static string DescribeJsonError(string origin, int index, JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
        var path = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path}";
        var detail = ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
        return $"{origin}: lead #{index + 1}{path}{where}: {detail}";
    }

    private static async IAsyncEnumerable<Lead> ReadCsvAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var origin = Path.GetFileName(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 64 * 1024, Options = FileOptions.SequentialScan });
        var csv = new CsvRecordReader(reader);
        var header = await csv.ReadRecordAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new LeadImportException($"{origin}: the file is empty; expected a header row.");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            columns[header[i].Trim()] = i;
        }

        if (!columns.ContainsKey("email"))
        {
            throw new LeadImportException($"{origin}: the header has no 'email' column (required).");
        }

        var row = 1;
        while (await csv.ReadRecordAsync(cancellationToken).ConfigureAwait(false) is { } fields)
        {
            row++;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            yield return ParseCsvLead(origin, row, columns, fields);
        }
    }

    private static Lead ParseCsvLead(string origin, int row, Dictionary<string, int> columns, IReadOnlyList<string> fields)
    {
        string? Get(params string[] names)
        {
            foreach (var name in names)
            {
                if (columns.TryGetValue(name, out var i) && i < fields.Count && fields[i].Trim() is { Length: > 0 } value)
                {
                    return value;
                }
            }

            return null;
        }

        int Int(string name)
        {
            var text = Get(name);
            if (text is null)
            {
                return 0;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new LeadImportException($"{origin}: row {row}, column '{name}': '{text}' is not a non-negative whole number.");
        }

        var email = Get("email") ?? throw new LeadImportException($"{origin}: row {row} has no 'email' (required).");
        var employeesText = Get("employees", "companyEmployees");
        int? employees = employeesText is null ? null
            : int.TryParse(employeesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) && e >= 0 ? e
            : throw new LeadImportException($"{origin}: row {row}, column 'employees': '{employeesText}' is not a non-negative whole number.");
        var demoText = Get("demoRequested");
        var demo = demoText is null ? false
            : demoText.ToUpperInvariant() switch
            {
                "TRUE" or "YES" or "1" => true,
                "FALSE" or "NO" or "0" => false,
                _ => throw new LeadImportException($"{origin}: row {row}, column 'demoRequested': '{demoText}' is not true/false."),
            };
        var sourceTypeText = Get("sourceType");
        var sourceType = SourceType.Import;
        if (sourceTypeText is not null && !SourceTypesByWireName.TryGetValue(sourceTypeText, out sourceType))
        {
            throw new LeadImportException(
                $"{origin}: row {row}, column 'sourceType': unknown source type '{sourceTypeText}'. Expected one of: {string.Join(", ", SourceTypesByWireName.Keys)}.");
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
                Name = Get("companyName", "company"),
                Domain = Get("companyDomain", "domain"),
                Employees = employees,
                Industry = Get("industry"),
                TechStack = tech is null ? [] : [.. tech.Split([';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
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
}
