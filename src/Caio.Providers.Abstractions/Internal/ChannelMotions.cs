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
        foreach (var name in motions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (BatchMotions.TryParse(name.ToLowerInvariant(), out var motion))
            {
                set.Add(motion);
            }
        }

        return set;
    }
}
