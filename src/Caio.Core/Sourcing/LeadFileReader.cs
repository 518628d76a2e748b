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
public static partial class LeadFileReader
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
}
