namespace Caio.Providers.Internal;

/// <summary>The motions a provider channel carries, read from its options' comma-separated <c>Motions</c>.</summary>
internal static class ChannelMotions
{
    /// <summary>Parses <c>outbound,cadence</c> into a case-insensitive set.</summary>
    /// <param name="motions">The configured list.</param>
    /// <returns>The motions.</returns>
    public static IReadOnlySet<string> Parse(string motions) =>
        new HashSet<string>(motions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
}
