namespace Caio.Internal;

/// <summary>
/// Says what went wrong in the words an operator reads in reports, the audit log and the CLI: the exception's
/// message, never its .NET type name (which goes to the logs with the exception itself).
/// </summary>
internal static class ErrorText
{
    /// <summary>The message of <paramref name="exception"/>, in the user's terms.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="timeout">
    /// The time limit the caller set, when there was one: a cancellation it caused is said as "no answer within …".
    /// </param>
    /// <returns>One clause, without a final full stop.</returns>
    public static string Describe(Exception exception, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            OperationCanceledException when timeout is { } limit => $"no answer within {Duration(limit)}",
            OperationCanceledException => "cancelled before it finished",
            TimeoutException { Message.Length: > 0 } timedOut => $"timed out: {Sentence(timedOut.Message)}",
            TimeoutException => "timed out",
            AggregateException aggregate => string.Join("; ", aggregate.Flatten().InnerExceptions.Select(inner => Describe(inner, timeout))),
            ArgumentException { ParamName: { } name } argument => Sentence(argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)),
            { Message.Length: > 0 } => Sentence(exception.Message),
            _ => "an unexpected error without a message",
        };
    }

    /// <summary>The message as one clause: trimmed, without its final full stop, so callers can go on after it.</summary>
    private static string Sentence(string message) => message.Trim().TrimEnd('.');

    private static string Duration(TimeSpan value) =>
        value.TotalSeconds < 1
            ? $"{value.TotalMilliseconds:0} ms"
            : value.TotalMinutes < 1 ? $"{value.TotalSeconds:0.#} s" : $"{value.TotalMinutes:0.#} min";
}
