namespace Caio.Batches;

/// <summary>The motions a dispatch batch can be created for. Wire names are exact and lower-case.</summary>
public static class BatchMotions
{
    /// <summary>First-touch outbound: <c>outbound</c>.</summary>
    public const string Outbound = "outbound";

    /// <summary>Follow-up steps of running sequences: <c>cadence</c>.</summary>
    public const string Cadence = "cadence";

    /// <summary>Re-engagement of dormant leads: <c>revival</c>.</summary>
    public const string Revival = "revival";

    /// <summary>All motions.</summary>
    public static IReadOnlyList<string> All { get; } = [Outbound, Cadence, Revival];

    /// <summary>Whether <paramref name="motion"/> is exactly one of <see cref="All"/> (ordinal, case-sensitive).</summary>
    /// <param name="motion">The motion to check.</param>
    /// <returns><see langword="true"/> for <c>outbound</c>, <c>cadence</c> or <c>revival</c>.</returns>
    public static bool IsValid(string? motion) => motion is Outbound or Cadence or Revival;
}
