using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>Conversions between <see cref="Tier"/> and its wire name.</summary>
public static class TierNames
{
    private static readonly string[] Names = ["tier_1", "tier_2", "tier_3", "tier_4"];

    /// <summary>All tiers, best first.</summary>
    public static IReadOnlyList<Tier> All { get; } = [Tier.Tier1, Tier.Tier2, Tier.Tier3, Tier.Tier4];

    /// <summary>Returns the wire name (<c>tier_1</c> … <c>tier_4</c>).</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireName(this Tier tier)
    {
        var index = (int)tier - 1;
        if ((uint)index >= (uint)Names.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier.");
        }

        return Names[index];
    }

    /// <summary>Parses <c>tier_1</c> … <c>tier_4</c> (case-insensitive).</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="tier">The parsed tier.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> names a tier.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out Tier tier)
    {
        tier = default;
        if (value is null)
        {
            return false;
        }

        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                tier = (Tier)(i + 1);
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses a tier name or throws a <see cref="FormatException"/> naming the accepted values.</summary>
    /// <param name="value">The text to parse.</param>
    /// <returns>The tier.</returns>
    public static Tier Parse(string value) =>
        TryParse(value, out var tier)
            ? tier
            : throw new FormatException($"Unknown tier '{value}'. Expected one of: {string.Join(", ", Names)}.");
}
