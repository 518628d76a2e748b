using System.Collections.Concurrent;

namespace Caio.State;

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
