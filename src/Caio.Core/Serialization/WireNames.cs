using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caio.Serialization;

/// <summary>The wire name of a closed-set value, for text output, logs and tags: the same string <see cref="SnakeCaseEnumConverter{TEnum}"/> writes to JSON.</summary>
public static class WireNames
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    /// <summary>The value's wire name: its <see cref="JsonStringEnumMemberNameAttribute"/> name, or its snake_case name (<c>SendFailed</c> → <c>send_failed</c>).</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireName<TEnum>(this TEnum value)
        where TEnum : struct, Enum =>
        Names.GetOrAdd(value, static v =>
        {
            var name = v.ToString();
            var member = v.GetType().GetField(name, BindingFlags.Public | BindingFlags.Static);
            return member?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
        });
}
