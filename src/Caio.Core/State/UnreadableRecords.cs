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

/// <summary>A quarantined record.</summary>
/// <param name="Key">The record's state key.</param>
/// <param name="Error">Why it could not be read.</param>
public sealed record UnreadableRecord(string Key, string Error);

/// <summary>A state record exists but cannot be read; the operation on that one record is refused.</summary>
public sealed class UnreadableRecordException : IOException
{
    /// <summary>Creates the exception.</summary>
    public UnreadableRecordException()
        : this("(unknown)", "A state record cannot be read.", null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public UnreadableRecordException(string message)
        : base(message)
    {
        Key = "(unknown)";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnreadableRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = "(unknown)";
    }

    private UnreadableRecordException(string key, string message, Exception? innerException)
        : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>The record's state key.</summary>
    public string Key { get; }

    /// <summary>Creates the exception for a record key.</summary>
    /// <param name="key">The record's state key.</param>
    /// <param name="innerException">The cause.</param>
    /// <returns>The exception.</returns>
    public static UnreadableRecordException For(string key, Exception innerException)
    {
        ArgumentNullException.ThrowIfNull(innerException);
        return new UnreadableRecordException(key, $"State record {key} cannot be read: {innerException.Message}", innerException);
    }

    /// <summary>Whether an exception from a record read means the record is unreadable (rather than cancelled).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for corrupt documents and values, and I/O or permission errors.</returns>
    public static bool IsUnreadable(Exception exception) =>
        exception is InvalidDataException or System.Text.Json.JsonException or IOException or UnauthorizedAccessException or NotSupportedException;
}
