using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caio.Serialization;

/// <summary>
/// The one JSON policy for Caio's closed sets (statuses, kinds, outcomes, channels): an enum is written as
/// its snake_case name (<c>SendFailed</c> → <c>send_failed</c>), unless a member names itself with
/// <see cref="JsonStringEnumMemberNameAttribute"/> (<c>LinkedIn</c> → <c>linkedin</c>). Apply it with
/// <c>[JsonConverter(typeof(SnakeCaseEnumConverter&lt;TEnum&gt;))]</c>; it works with source-generated contexts.
/// </summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class SnakeCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter with <see cref="JsonNamingPolicy.SnakeCaseLower"/>.</summary>
    public SnakeCaseEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseLower)
    {
    }
}
