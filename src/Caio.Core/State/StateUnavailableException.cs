namespace Caio.State;

/// <summary>
/// The state backend could not be reached or did not answer in time. Names the operation and the
/// endpoint (never a password). Whatever depended on the answer fails closed: the operator refuses to
/// dispatch with <c>state_unavailable</c>, and safety reads treat the unknown as "no".
/// </summary>
/// <remarks>
/// A write that throws this may or may not have taken effect, exactly like any other write that
/// throws; callers that must know re-read once the backend answers again.
/// </remarks>
public sealed class StateUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The state operation that failed, e.g. <c>increment cap:daily:2026-11-30</c>.</param>
    /// <param name="endpoint">The backend endpoint, e.g. <c>redis 10.0.0.5:6379</c> (no credentials).</param>
    /// <param name="innerException">The backend client's error.</param>
    public StateUnavailableException(string operation, string endpoint, Exception? innerException)
        : base($"state backend unavailable: {operation} on {endpoint} failed{(innerException is null ? string.Empty : ": " + Headline(innerException.Message))}", innerException)
    {
        Operation = operation;
        Endpoint = endpoint;
    }

    /// <summary>The state operation that failed.</summary>
    public string Operation { get; }

    /// <summary>The backend endpoint (no credentials).</summary>
    public string Endpoint { get; }

    /// <summary>
    /// The client error's first statement: clients append pages of connection diagnostics after it
    /// (StackExchange.Redis after " - "), which stay on <see cref="Exception.InnerException"/> for logs
    /// and do not belong in the line an operator reads.
    /// </summary>
    internal static string Headline(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        var line = end < 0 ? message : message[..end];
        var dash = line.IndexOf(" - ", StringComparison.Ordinal);
        line = dash > 0 ? line[..dash] : line;
        return line.Length <= MaxHeadline ? line : string.Concat(line.AsSpan(0, MaxHeadline), "…");
    }

    private const int MaxHeadline = 200;
}
