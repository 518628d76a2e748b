using Caio.Batches;

namespace Caio.Providers.Internal;

/// <summary>The motions a provider channel carries, read from its options' comma-separated <c>Motions</c>.</summary>
internal static class ChannelMotions
{
    /// <summary>Parses <c>outbound,cadence</c> (any letter case) into a set; <see cref="ProviderOptionsValidator{TOptions}"/> has refused names that are not motions at start.</summary>
    /// <param name="motions">The configured list.</param>
    /// <returns>The motions.</returns>
    public static IReadOnlySet<BatchMotion> Parse(string motions)
    {
        var set = new HashSet<BatchMotion>();
        foreach (var name in Names(motions))
        {
            if (TryParse(name, out var motion))
            {
                set.Add(motion);
            }
        }

        return set;
    }

    /// <summary>The names in a configured list, trimmed, empty entries left out.</summary>
    /// <param name="motions">The configured list.</param>
    /// <returns>The names.</returns>
    public static string[] Names(string? motions) =>
        motions?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>One configured name as a motion, in any letter case.</summary>
    /// <param name="name">The name.</param>
    /// <param name="motion">The motion.</param>
    /// <returns>Whether the name is a motion.</returns>
    public static bool TryParse(string name, out BatchMotion motion) => BatchMotions.TryParse(name.ToLowerInvariant(), out motion);
}
