using System.Collections.Concurrent;

namespace Caio.State;

/// <summary>
/// The quarantine: records a domain store could not read (corrupt document, a value that is not the
/// expected type, a damaged state directory). Listings skip them so the other records proceed, and
/// report them here; single-record paths refuse them with <see cref="UnreadableRecordException"/>.
/// Nothing is deleted or moved: the record stays where it is until a human repairs or removes it.
/// Hosts print <see cref="Snapshot"/> after a command (the worker does, on standard error).
/// </summary>
public sealed class UnreadableRecords
{
    private readonly ConcurrentDictionary<string, UnreadableRecord> _records = new(StringComparer.Ordinal);

    /// <summary>Reports a record that could not be read.</summary>
    /// <param name="key">The record's state key.</param>
    /// <param name="error">Why it could not be read.</param>
    public void Report(string key, Exception error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(error);
        var cause = error is UnreadableRecordException { InnerException: { } inner } ? inner : error;
        _records[key] = new UnreadableRecord(key, cause.Message);
    }

    /// <summary>The quarantined records, by key.</summary>
    /// <returns>The records in ordinal key order.</returns>
    public IReadOnlyList<UnreadableRecord> Snapshot() => [.. _records.Values.OrderBy(r => r.Key, StringComparer.Ordinal)];
}
