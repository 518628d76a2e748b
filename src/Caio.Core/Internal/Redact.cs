namespace Caio.Internal;

/// <summary>Redacts personal data for logs and reports.</summary>
internal static class Redact
{
    /// <summary><c>jane.doe@example.com</c> → <c>j***@example.com</c>.</summary>
    public static string Email(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "(no address)";
        }

        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(trimmed.AsSpan(0, 1), "***", trimmed.AsSpan(at));
    }
}
