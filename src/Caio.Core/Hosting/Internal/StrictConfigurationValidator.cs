using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Caio.Hosting.Internal;

/// <summary>
/// Strict binding for the whole <c>Caio</c> configuration tree: every key must be a setting of the
/// options bound there (the root <see cref="CaioOptions"/> and every registered section). An unknown
/// key fails validation at start, naming the key and the closest known one — a misspelt cap must
/// stop the host, not silently keep its default.
/// </summary>
internal sealed class StrictConfigurationValidator(IConfiguration configuration, IEnumerable<CaioConfigurationSection> sections) : IValidateOptions<CaioOptions>
{
    private readonly Node _root = Node.Build(sections);

    public ValidateOptionsResult Validate(string? name, CaioOptions options)
    {
        var errors = new List<string>();
        Check(configuration.GetSection(CaioOptions.SectionName), _root, typeof(CaioOptions), errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Checks the children of <paramref name="section"/> against the registered sections below it and its bound type.</summary>
    private static void Check(IConfigurationSection section, Node? node, Type? type, List<string> errors)
    {
        var shape = type is null ? null : ConfigurationShape.Of(type);
        foreach (var child in section.GetChildren())
        {
            if (node is not null && node.Children.TryGetValue(child.Key, out var registered))
            {
                Check(child, registered, registered.OptionsType, errors);
            }
            else if (shape is { Kind: ShapeKind.Collection })
            {
                Check(child, null, shape.Element, errors);
            }
            else if (shape is { Kind: ShapeKind.Object } && shape.Properties.TryGetValue(child.Key, out var propertyType))
            {
                Check(child, null, propertyType, errors);
            }
            else
            {
                IEnumerable<string> known = [.. node?.Children.Keys ?? Enumerable.Empty<string>(), .. shape is { Kind: ShapeKind.Object } ? shape.Properties.Keys : Enumerable.Empty<string>()];
                errors.Add(Unknown(child, section.Path, shape?.Kind == ShapeKind.Value, known));
            }
        }
    }

    private static string Unknown(IConfigurationSection child, string parent, bool parentIsValue, IEnumerable<string> known)
    {
        if (parentIsValue)
        {
            return $"{child.Path} is not a known setting: {parent} takes a single value, not a section.";
        }

        var candidates = known.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var closest = Closest(child.Key, candidates);
        return closest is not null
            ? $"{child.Path} is not a known setting. Did you mean '{closest}' ({parent}:{closest})?"
            : $"{child.Path} is not a known setting. {parent} knows: {string.Join(", ", candidates)}.";
    }

    /// <summary>The candidate nearest to <paramref name="key"/> (edit distance with transpositions, ignoring case), when near enough to be a typo.</summary>
    internal static string? Closest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>The tree of registered section paths below <c>Caio</c>.</summary>
    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Type? OptionsType { get; private set; }

        public static Node Build(IEnumerable<CaioConfigurationSection> sections)
        {
            var root = new Node();
            foreach (var section in sections)
            {
                var segments = section.Path.Split(':');
                if (!string.Equals(segments[0], CaioOptions.SectionName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var node = root;
                foreach (var segment in segments.Skip(1))
                {
                    node = node.Children.TryGetValue(segment, out var next) ? next : node.Children[segment] = new Node();
                }

                node.OptionsType ??= section.OptionsType;
            }

            return root;
        }
    }
}
