using Caio.Internal;
using Microsoft.Extensions.Logging;

namespace Caio.Diagnostics;

/// <summary>
/// Personal data in logs: an email address is written in full only when the logger has Trace
/// enabled (someone is debugging on purpose); at every other level it is masked
/// (<c>email:j***@example.com</c>).
/// </summary>
internal static class LogRedaction
{
    /// <summary>A recipient key (<c>email:…</c>, <c>linkedin:…</c>) as <paramref name="logger"/> may write it.</summary>
    public static string Recipient(ILogger logger, string? recipientKey)
    {
        if (recipientKey is null || logger.IsEnabled(LogLevel.Trace))
        {
            return recipientKey ?? "(none)";
        }

        var colon = recipientKey.IndexOf(':', StringComparison.Ordinal);
        var (prefix, value) = colon < 0 ? (string.Empty, recipientKey) : (recipientKey[..(colon + 1)], recipientKey[(colon + 1)..]);
        return value.Contains('@', StringComparison.Ordinal) ? prefix + Redact.Email(value) : prefix + "***";
    }
}
