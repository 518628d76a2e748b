using System.Text.Json.Serialization;

namespace Caio.Dedup;

/// <summary>
/// Why an email address was rejected by <see cref="EmailCanonicalizer"/>. Wire names are snake_case
/// (see <see cref="InvalidEmailReasons.ToWireName(InvalidEmailReason)"/>); numeric values are stable.
/// </summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<InvalidEmailReason>))]
public enum InvalidEmailReason
{
    /// <summary>The address is valid (wire name <c>none</c>).</summary>
    [JsonStringEnumMemberName("none")]
    None = 0,

    /// <summary>The address is empty or only white space (<c>empty</c>).</summary>
    [JsonStringEnumMemberName("empty")]
    Empty = 1,

    /// <summary>The address has no <c>@</c> (<c>missing_at</c>).</summary>
    [JsonStringEnumMemberName("missing_at")]
    MissingAt = 2,

    /// <summary>The address has more than one <c>@</c> (<c>multiple_at</c>).</summary>
    [JsonStringEnumMemberName("multiple_at")]
    MultipleAt = 3,

    /// <summary>Nothing before the <c>@</c>, or nothing left after alias folding (<c>empty_local_part</c>).</summary>
    [JsonStringEnumMemberName("empty_local_part")]
    EmptyLocalPart = 4,

    /// <summary>Nothing after the <c>@</c> (<c>empty_domain</c>).</summary>
    [JsonStringEnumMemberName("empty_domain")]
    EmptyDomain = 5,

    /// <summary>The local part contains a character that is not allowed (<c>invalid_character</c>).</summary>
    [JsonStringEnumMemberName("invalid_character")]
    InvalidCharacter = 6,

    /// <summary>
    /// The local part starts or ends with a dot, has two dots in a row, or would end with a dot once its
    /// <c>+tag</c> is folded (<c>invalid_dot_placement</c>).
    /// </summary>
    [JsonStringEnumMemberName("invalid_dot_placement")]
    InvalidDotPlacement = 7,

    /// <summary>The local part is quoted (<c>"john doe"@example.com</c>); not supported (<c>quoted_local_part</c>).</summary>
    [JsonStringEnumMemberName("quoted_local_part")]
    QuotedLocalPart = 8,

    /// <summary>The domain is an address literal such as <c>[192.0.2.1]</c>; not supported (<c>ip_literal</c>).</summary>
    [JsonStringEnumMemberName("ip_literal")]
    IpLiteral = 9,

    /// <summary>
    /// The domain is not a host name: no dot, an empty label, a label longer than 63 characters, a character
    /// other than a letter, digit or hyphen, a label starting or ending with a hyphen, or an all-numeric
    /// top-level label (<c>invalid_domain</c>).
    /// </summary>
    [JsonStringEnumMemberName("invalid_domain")]
    InvalidDomain = 10,

    /// <summary>The local part is longer than 64 characters (<c>local_part_too_long</c>).</summary>
    [JsonStringEnumMemberName("local_part_too_long")]
    LocalPartTooLong = 11,

    /// <summary>The (ASCII) domain is longer than 253 characters (<c>domain_too_long</c>).</summary>
    [JsonStringEnumMemberName("domain_too_long")]
    DomainTooLong = 12,

    /// <summary>The whole address is longer than 254 characters (<c>address_too_long</c>).</summary>
    [JsonStringEnumMemberName("address_too_long")]
    AddressTooLong = 13,

    /// <summary>An internationalized domain could not be converted to its ASCII (punycode) form (<c>idn_conversion_failed</c>).</summary>
    [JsonStringEnumMemberName("idn_conversion_failed")]
    IdnConversionFailed = 14,
}
