using System.Text;

namespace Caio.AspNetCore.Auth;

/// <summary>
/// The canonical form of a request path, used only to recognise every spelling of an <c>/api</c> path
/// (the decision itself is made on the routed endpoint): percent-decoded repeatedly, backslashes as
/// slashes, <c>;</c> parameters dropped, repeated slashes collapsed, dot segments removed, no trailing slash.
/// </summary>
internal static class ApiPaths
{
    public static string? Canonical(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var path = raw;
        for (var i = 0; i < 3 && path.Contains('%', StringComparison.Ordinal); i++)
        {
            path = Uri.UnescapeDataString(path);
        }

        var segments = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            var segment = part.Split(';', 2)[0];
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            builder.Append('/').Append(segment);
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    /// <summary>Whether any spelling of the path names something under <c>/api</c> (overlong UTF-8 and other undecodable bytes included).</summary>
    public static bool IsApi(string? raw)
    {
        var canonical = Canonical(raw);
        if (canonical is null)
        {
            return false;
        }

        // A path whose first segment merely starts with "api" plus undecodable or unusual bytes is still treated as the API.
        return canonical.StartsWith("/api", StringComparison.OrdinalIgnoreCase)
            || (raw ?? string.Empty).TrimStart('/', '\\').StartsWith("api", StringComparison.OrdinalIgnoreCase);
    }
}
