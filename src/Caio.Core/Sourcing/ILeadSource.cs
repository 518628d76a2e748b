using Caio.Leads;
using Caio.Pipeline;

namespace Caio.Sourcing;

/// <summary>A source of leads: the first stage of every pipeline run.</summary>
public interface ILeadSource
{
    /// <summary>Name the source is selected by (<c>--source NAME</c>) and reported under.</summary>
    string Name { get; }

    /// <summary>Streams leads for a run. Implementations must not buffer the whole result.</summary>
    /// <param name="request">The run request (limit, seed, input file).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records read, valid or not, in source order.</returns>
    IAsyncEnumerable<SourceRecord> ReadAsync(PipelineRequest request, CancellationToken cancellationToken);
}
