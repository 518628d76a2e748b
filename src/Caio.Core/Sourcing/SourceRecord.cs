using Caio.Leads;
using Caio.Pipeline;

namespace Caio.Sourcing;

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
