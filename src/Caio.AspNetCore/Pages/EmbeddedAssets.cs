using System.Collections.Concurrent;

namespace Caio.AspNetCore.Pages;

/// <summary>The dashboard's HTML, script and style, embedded in the package (no files to deploy).</summary>
internal static class EmbeddedAssets
{
    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    public static byte[]? Get(string name) => Cache.GetOrAdd(name, static n =>
    {
        if (n.Length == 0 || n.Length > 64 || n.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-.") >= 0)
        {
            return null;
        }

        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream("Caio.AspNetCore.Assets." + n);
        if (stream is null)
        {
            return null;
        }

        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    });

    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Get(name) ?? throw new InvalidOperationException($"embedded asset {name} is missing"));

    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
