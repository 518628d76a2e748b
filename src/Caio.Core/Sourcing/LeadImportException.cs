namespace Caio.Sourcing;

/// <summary>A lead file cannot be read: malformed JSON or CSV, a missing required field, an unknown value.</summary>
public sealed class LeadImportException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public LeadImportException()
    {
    }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    /// <param name="message">What is wrong and where.</param>
    public LeadImportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The underlying parser error.</param>
    public LeadImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
