using Caio.Dedup;

namespace Caio.Batches;

/// <summary>
/// A batch scope is malformed or invalid: bad JSON, a missing field, an unknown channel or motion, an invalid
/// email, a duplicate id. The message names the problem and where it is; email addresses are not repeated in it.
/// </summary>
public sealed class BatchScopeFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public BatchScopeFormatException()
        : this("The batch scope is invalid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public BatchScopeFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public BatchScopeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a location in the scope.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="path">JSON path of the offending value, e.g. <c>$.actions[3].email</c>.</param>
    /// <param name="emailReason">Why an email is invalid, when that is the problem.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public BatchScopeFormatException(string message, string? path, InvalidEmailReason emailReason = InvalidEmailReason.None, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        EmailReason = emailReason;
    }

    /// <summary>JSON path of the offending value (e.g. <c>$.actions[3].email</c>), when known.</summary>
    public string? Path { get; }

    /// <summary>Why an action's email is invalid, or <see cref="InvalidEmailReason.None"/> when that is not the problem.</summary>
    public InvalidEmailReason EmailReason { get; }
}
