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
    /// <exception cref="LeadImportException">The file is malformed, or a lead breaks a limit of <see cref="LeadFileLimits"/>.</exception>
    public static async IAsyncEnumerable<Lead> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in ReadRecordsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            yield return record.Lead ?? throw new LeadImportException($"{Path.GetFileName(path)}: {record.Subject}: {record.Error}.");
        }
    }

    /// <summary>Reads a JSON array of leads from a stream.</summary>
    /// <param name="stream">UTF-8 JSON: an array of lead objects.</param>
    /// <param name="origin">Name of the input for messages (e.g. the file name).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The leads in input order.</returns>
    /// <exception cref="LeadImportException">The input is malformed, or a lead breaks a limit of <see cref="LeadFileLimits"/>.</exception>
    public static async IAsyncEnumerable<Lead> ReadJsonAsync(Stream stream, string origin, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in ReadJsonRecordsAsync(stream, origin, cancellationToken).ConfigureAwait(false))
        {
            yield return record.Lead ?? throw new LeadImportException($"{origin}: {record.Subject}: {record.Error}.");
        }
    }

    /// <summary>
    /// Reads a lead file record by record: a lead that breaks a field limit comes back with the reason
    /// (the import skips it); a malformed file or an oversized record throws.
    /// </summary>
    internal static IAsyncEnumerable<LeadFileRecord> ReadRecordsAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new LeadImportException($"Input file '{path}' does not exist.");
        }

        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? ReadCsvAsync(path, cancellationToken)
            : ReadJsonFileAsync(path, cancellationToken);
    }

    internal static async IAsyncEnumerable<LeadFileRecord> ReadJsonRecordsAsync(Stream stream, string origin, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var first = await PeekFirstSignificantByteAsync(stream, cancellationToken).ConfigureAwait(false);
        if (first != '[')
        {
            throw new LeadImportException(first < 0
                ? $"{origin}: the input is empty; expected a JSON array of leads."
                : $"{origin}: expected a JSON array of leads ('[' at the start).");
        }

        var splitter = new JsonLeadSplitter(origin);
        var buffer = new byte[16 * 1024];
        var length = 0;
        var final = false;
        var atStart = true;
        var results = new List<LeadFileRecord>();
        while (!splitter.Done)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            final = read == 0;
            length += read;
            if (atStart && (length >= 3 || final))
            {
                atStart = false;
                if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    Buffer.BlockCopy(buffer, 3, buffer, 0, length - 3);
                    length -= 3;
                }
            }
            else if (atStart)
            {
                continue;
            }

            results.Clear();
            var discard = splitter.Parse(buffer, length, final, results);
            if (discard > 0)
            {
                Buffer.BlockCopy(buffer, discard, buffer, 0, length - discard);
                length -= discard;
            }

            foreach (var record in results)
            {
                yield return record;
            }

            if (final)
            {
                yield break;
            }
        }
    }

    private static async IAsyncEnumerable<LeadFileRecord> ReadJsonFileAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var record in ReadJsonRecordsAsync(stream, Path.GetFileName(path), cancellationToken).ConfigureAwait(false))
            {
                yield return record;
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

    private static async IAsyncEnumerable<LeadFileRecord> ReadCsvAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var origin = Path.GetFileName(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 64 * 1024, Options = FileOptions.SequentialScan });
        var csv = new CsvRecordReader(reader);
        var header = await ReadCsvRecordAsync(csv, origin, 0, cancellationToken).ConfigureAwait(false)
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

    private static Lead ParseCsvLead(string origin, int number, int line, Dictionary<string, int> columns, IReadOnlyList<string> fields)
    {
        var row = string.Create(CultureInfo.InvariantCulture, $"lead #{number} (line {line})");
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
                : throw new LeadImportException($"{origin}: {row}, column '{name}': '{text}' is not a non-negative whole number.");
        }

        var email = Get("email") ?? throw new LeadImportException($"{origin}: {row} has no 'email' (required).");
        var employeesText = Get("employees", "companyEmployees");
        int? employees = employeesText is null ? null
            : int.TryParse(employeesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) && e >= 0 ? e
            : throw new LeadImportException($"{origin}: {row}, column 'employees': '{employeesText}' is not a non-negative whole number.");
        var demoText = Get("demoRequested");
        var demo = demoText is null ? false
            : demoText.ToUpperInvariant() switch
            {
                "TRUE" or "YES" or "1" => true,
                "FALSE" or "NO" or "0" => false,
                _ => throw new LeadImportException($"{origin}: {row}, column 'demoRequested': '{demoText}' is not true/false."),
            };
        var sourceTypeText = Get("sourceType");
        var sourceType = SourceType.Import;
        if (sourceTypeText is not null && !SourceTypesByWireName.TryGetValue(sourceTypeText, out sourceType))
        {
            throw new LeadImportException(
                $"{origin}: {row}, column 'sourceType': unknown source type '{sourceTypeText}'. Expected one of: {string.Join(", ", SourceTypesByWireName.Keys)}.");
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
