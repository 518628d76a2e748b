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

/// <summary>One record read from a source: a lead, or the reason the record is unusable.</summary>
public readonly record struct SourceRecord
{
    /// <summary>The lead, when the record is usable.</summary>
    public Lead? Lead { get; private init; }

    /// <summary>Why the record is unusable, when it is not.</summary>
    public string? Error { get; private init; }

    /// <summary>A redacted identification of the record (e.g. <c>row 12</c>).</summary>
    public string? Subject { get; private init; }

    /// <summary>A usable lead.</summary>
    /// <param name="lead">The lead.</param>
    /// <returns>The record.</returns>
    public static SourceRecord Valid(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new() { Lead = lead };
    }

    /// <summary>An unusable record; counted as failed in the source stage and listed in the run report.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="subject">Which record.</param>
    /// <returns>The record.</returns>
    public static SourceRecord Invalid(string error, string subject) => new() { Error = error, Subject = subject };
}
