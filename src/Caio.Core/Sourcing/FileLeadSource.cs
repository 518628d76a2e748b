using System.Runtime.CompilerServices;
using Caio.Dedup;
using Caio.Leads;
using Caio.Pipeline;

namespace Caio.Sourcing;

/// <summary>
/// Reads leads from the file given by <c>--input FILE</c> (JSON array or CSV), bypassing sourcing.
/// Leads whose address cannot be canonicalized are reported as failed records with the reason;
/// structural problems abort the run with a <see cref="LeadImportException"/>.
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

        var index = 0;
        await foreach (var lead in LeadFileReader.ReadAsync(request.InputFile, cancellationToken).ConfigureAwait(false))
        {
            index++;
            var subject = $"record {index}";
            if (!canonicalizer.TryCreateKey(lead.Email!, out _, out var reason))
            {
                yield return SourceRecord.Invalid($"invalid email: {reason.ToWireName()}", subject);
                continue;
            }

            yield return SourceRecord.Valid(lead.Source is null ? lead with { Source = new LeadSource { Type = SourceType.Import, Name = request.SourceName } } : lead);
        }
    }
}
