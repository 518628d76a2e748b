using System.Text.RegularExpressions;

namespace Caio.Crafting;

/// <summary>
/// Finds unresolved template variables and placeholder text in a rendered message:
/// <c>{{name}}</c>, <c>{name}</c>, <c>[First Name]</c>, <c>%FIRST_NAME%</c>, <c>&lt;company&gt;</c>-style
/// tokens and stock filler such as "lorem ipsum" or "TODO". A message that contains any of them
/// must never reach a recipient.
/// </summary>
public static partial class PlaceholderDetector
{
    /// <summary>Returns the first placeholder found, or <see langword="null"/> when the text is clean.</summary>
    /// <param name="text">Rendered subject or body.</param>
    /// <returns>The offending fragment.</returns>
    public static string? FindPlaceholder(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = Pattern().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(
        @"\{\{[^}]*\}\}|\{\s*[A-Za-z_][A-Za-z0-9_. ]*\s*\}|\[\s*(?:first|last|full|company|your|insert|recipient|contact|name|title)[A-Za-z _]*\]|%[A-Z][A-Z0-9_]+%|<\s*(?:first|last|company|name|insert)[a-z_ ]*>|\blorem ipsum\b|\bTODO\b|\bTBD\b|\bXXX\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
