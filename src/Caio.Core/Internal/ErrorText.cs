using System.Globalization;

namespace Caio.Internal;

/// <summary>
/// Says what went wrong in the words an operator reads in reports, the audit log and the CLI: the exception's
/// message, never its .NET type name (which goes to the logs with the exception itself).
/// </summary>
internal static class ErrorText
{
    /// <summary>What a <see cref="TimeoutException"/> says when nobody gave it a message.</summary>
    private static readonly string DefaultTimeoutMessage = Sentence(new TimeoutException().Message);

    /// <summary>The message of <paramref name="exception"/>, in the user's terms.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="timeout">
    /// The time limit the caller set, when there was one: a cancellation it caused is said as "no answer within …".
    /// </param>
    /// <returns>One clause, without a final full stop.</returns>
    public static string Describe(Exception exception, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception switch
        {
            OperationCanceledException when timeout is { } limit => $"no answer within {Duration(limit)}",
            OperationCanceledException { InnerException: TimeoutException } => "timed out",
            OperationCanceledException => "cancelled before it finished",
            TimeoutException timedOut when Sentence(timedOut.Message) is { Length: > 0 } message && message != DefaultTimeoutMessage => $"timed out: {message}",
            TimeoutException => "timed out",
            AggregateException { InnerExceptions.Count: > 0 } aggregate => string.Join("; ", aggregate.Flatten().InnerExceptions.Select(inner => Describe(inner, timeout))),
            ArgumentException { ParamName: { } name } argument => $"{Sentence(argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal))} ({name})",
            _ => Sentence(exception.Message),
        };
        return text.Length > 0 ? text : "an unexpected error without a message";
    }

    /// <summary>The message as one clause: trimmed, without its final full stop, so callers can go on after it.</summary>
    private static string Sentence(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    private static string Duration(TimeSpan value) =>
        value.TotalSeconds < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms")
            : value.TotalMinutes < 1
                ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.#} s")
                : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMinutes:0.#} min");
}
