using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Caio.Sourcing;

/// <summary>
/// Says, in the lead file format's terms, why one field of a JSON lead could not be read: the field, the
/// value the file holds, and what the field takes (a whole number, true or false, text, a list, an object,
/// or the allowed values of a closed set). Only runs on the error path.
/// </summary>
internal static class LeadFieldProblem
{
    private const int MaxShownValue = 60;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// The sentence for a value of the wrong kind at <paramref name="path"/> (the reader's path relative to
    /// the element, e.g. <c>$.company.employees</c>) in <paramref name="element"/>, the lead's JSON bytes.
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> element, string? path)
    {
        var segments = Segments(path);
        var field = segments.Count > 0 ? "'" + string.Join('.', segments.Select(s => s.Name + (s.Index is { } i ? $"[{i}]" : string.Empty))) + "'" : "a field";
        var expected = Expected(segments);
        var value = ValueAt(element, segments);

        var sentence = new StringBuilder(field);
        sentence.Append(value is null ? " has a value of the wrong kind" : $" is {value}");
        sentence.Append(expected is null
            ? " (counts are whole numbers, lists are JSON arrays, the company is an object, everything else is text; see the lead file format)"
            : $"; it takes {expected}");
        return sentence.ToString();
    }

    private static List<(string Name, int? Index)> Segments(string? path)
    {
        var result = new List<(string, int?)>();
        if (string.IsNullOrEmpty(path))
        {
            return result;
        }

        foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                result.Add((part, null));
                continue;
            }

            var name = part[..bracket].Trim('\'');
            result.Add((name, int.TryParse(part.AsSpan(bracket + 1).TrimEnd(']'), out var index) ? index : null));
        }

        return result;
    }

    /// <summary>What the field takes, from the lead format's own metadata; <see langword="null"/> when unknown.</summary>
    private static string? Expected(List<(string Name, int? Index)> segments)
    {
        JsonTypeInfo info = LeadJsonContext.Default.Lead;
        Type? type = null;
        foreach (var (name, index) in segments)
        {
            var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            if (index is not null)
            {
                type = ElementType(type) ?? type;
            }

            if (LeadJsonContext.Default.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } next)
            {
                info = next;
            }
        }

        return type is null ? null : Describe(type);
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of: " + string.Join(", ", EnumNames(type));
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return "a whole number (e.g. 250 or \"250\")";
        }

        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            return "a number (e.g. 4.5 or \"4.5\")";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(string))
        {
            return "text in quotes";
        }

        return ElementType(type) is not null ? "a JSON array, e.g. [\"HubSpot\", \"Gong\"]" : "a JSON object";
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static IEnumerable<string> EnumNames(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Name));

    /// <summary>The raw value at the path as the file wrote it, shortened; <see langword="null"/> if not found.</summary>
    private static string? ValueAt(ReadOnlySpan<byte> element, List<(string Name, int? Index)> segments)
    {
        try
        {
            using var document = JsonDocument.Parse(element.ToArray(), DocumentOptions);
            var node = document.RootElement;
            foreach (var (name, index) in segments)
            {
                if (node.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var found = node.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                if (found.Value.ValueKind == JsonValueKind.Undefined)
                {
                    return null;
                }

                node = found.Value;
                if (index is { } i)
                {
                    if (node.ValueKind != JsonValueKind.Array || i >= node.GetArrayLength())
                    {
                        return null;
                    }

                    node = node[i];
                }
            }

            var raw = node.GetRawText();
            return raw.Length <= MaxShownValue ? raw : raw[..MaxShownValue] + "…";
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
