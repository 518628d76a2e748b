using System.Text.Json.Serialization;

namespace Caio.Dedup;

/// <summary>Wire names and descriptions of <see cref="InvalidEmailReason"/>.</summary>
public static class InvalidEmailReasons
{
    private static readonly string[] WireNames =
    [
        "none",
        "empty",
        "missing_at",
        "multiple_at",
        "empty_local_part",
        "empty_domain",
        "invalid_character",
        "invalid_dot_placement",
        "quoted_local_part",
        "ip_literal",
        "invalid_domain",
        "local_part_too_long",
        "domain_too_long",
        "address_too_long",
        "idn_conversion_failed",
    ];

    private static readonly string[] Descriptions =
    [
        "The address is valid.",
        "The address is empty.",
        "The address has no '@'.",
        "The address has more than one '@'.",
        "The local part (before '@') is empty.",
        "The domain (after '@') is empty.",
        "The local part contains a character that is not allowed.",
        "The local part starts or ends with a dot, or has two dots in a row.",
        "Quoted local parts are not supported.",
        "Address literals (IP addresses in brackets) are not supported as domains.",
        "The domain is not a valid host name.",
        "The local part is longer than 64 characters.",
        "The domain is longer than 253 characters.",
        "The address is longer than 254 characters.",
        "The internationalized domain could not be converted to ASCII.",
    ];

    /// <summary>Returns the snake_case wire name of a reason, e.g. <c>missing_at</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The wire name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined value.</exception>
    public static string ToWireName(this InvalidEmailReason reason)
    {
        var index = (int)reason;
        return (uint)index < (uint)WireNames.Length
            ? WireNames[index]
            : throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown invalid-email reason.");
    }

    /// <summary>Returns a one-sentence English description of a reason, for operators.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined value.</exception>
    public static string Describe(this InvalidEmailReason reason)
    {
        var index = (int)reason;
        return (uint)index < (uint)Descriptions.Length
            ? Descriptions[index]
            : throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown invalid-email reason.");
    }

    /// <summary>Parses a wire name (exact, lower-case) back to its reason.</summary>
    /// <param name="wireName">The wire name, e.g. <c>invalid_domain</c>.</param>
    /// <param name="reason">The reason when the name is known.</param>
    /// <returns><see langword="true"/> when <paramref name="wireName"/> is a known wire name.</returns>
    public static bool TryParse(string? wireName, out InvalidEmailReason reason)
    {
        var index = wireName is null ? -1 : Array.IndexOf(WireNames, wireName);
        reason = index < 0 ? InvalidEmailReason.None : (InvalidEmailReason)index;
        return index >= 0;
    }
}
