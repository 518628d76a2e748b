using System.Runtime.CompilerServices;
using Caio.Dedup;
using Caio.Leads;
using Caio.Pipeline;

namespace Caio.Sourcing;

/// <summary>
/// Reads leads from the file given by <c>--input FILE</c> (JSON array or CSV), bypassing sourcing.
/// Leads whose address cannot be canonicalized, or that break a field limit of <see cref="LeadFileLimits"/>,
/// are skipped and reported as failed records with the reason and the lead's number, position and
/// redacted address; structural problems and oversized records abort the run with a <see cref="LeadImportException"/>.
/// </summary>
/// <param name="canonicalizer">Validates addresses.</param>
public sealed class FileLeadSource(EmailCanonicalizer canonicalizer) : ILeadSource
{
    /// <summary>The name of this source.</summary>
    public const string SourceName = "import";

    /// <inheritdoc />
    public string Name => SourceName;

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceRecord> ReadAsync(PipelineRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.InputFile is null)
        {
            throw new LeadImportException("The import source needs an input file (--input FILE).");
        }

        await foreach (var record in LeadFileReader.ReadRecordsAsync(request.InputFile, cancellationToken).ConfigureAwait(false))
        {
            if (record.Lead is not { } lead)
            {
                yield return SourceRecord.Invalid(record.Error ?? "unusable record", record.Subject);
                continue;
            }

            if (!canonicalizer.TryCreateKey(lead.Email!, out _, out var reason))
            {
                yield return SourceRecord.Invalid($"invalid email: {reason.ToWireName()}", record.Subject);
                continue;
            }

            yield return SourceRecord.Valid(lead.Source is null ? lead with { Source = new LeadSource { Type = SourceType.Import, Name = request.SourceName } } : lead);
        }
    }
}
