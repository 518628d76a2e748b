using System.Diagnostics.CodeAnalysis;

namespace Caio.Batches;

/// <summary>The values of <see cref="BatchMotion"/> under their established names, their wire names and parsing.</summary>
public static class BatchMotions
{
    /// <summary>First-touch outbound: <c>outbound</c>.</summary>
    public const BatchMotion Outbound = BatchMotion.Outbound;

    /// <summary>Follow-up steps of running sequences: <c>cadence</c>.</summary>
    public const BatchMotion Cadence = BatchMotion.Cadence;

    /// <summary>Re-engagement of dormant leads: <c>revival</c>.</summary>
    public const BatchMotion Revival = BatchMotion.Revival;

    /// <summary>All motions, in their order of declaration.</summary>
    public static IReadOnlyList<BatchMotion> All { get; } = [Outbound, Cadence, Revival];

    /// <summary>The wire names of all motions, comma-separated, for messages: <c>outbound, cadence, revival</c>.</summary>
    public static string AllowedValues { get; } = "outbound, cadence, revival";

    /// <summary>Whether <paramref name="motion"/> is exactly the wire name of a motion (ordinal, case-sensitive).</summary>
    /// <param name="motion">The motion to check.</param>
    /// <returns><see langword="true"/> for <c>outbound</c>, <c>cadence</c> or <c>revival</c>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? motion) => TryParse(motion, out _);

    /// <summary>Whether <paramref name="motion"/> is a declared value (not a cast of another number).</summary>
    /// <param name="motion">The motion to check.</param>
    /// <returns><see langword="true"/> for <see cref="BatchMotion.Outbound"/>, <see cref="BatchMotion.Cadence"/> or <see cref="BatchMotion.Revival"/>.</returns>
    public static bool IsDefined(BatchMotion motion) => motion is Outbound or Cadence or Revival;

    /// <summary>Reads a motion from its wire name (ordinal, case-sensitive, as stored records and the canonical form spell it).</summary>
    /// <param name="value">The wire name, e.g. <c>cadence</c>.</param>
    /// <param name="motion">The motion when the name is known.</param>
    /// <returns>Whether <paramref name="value"/> names a motion.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out BatchMotion motion)
    {
        switch (value)
        {
            case "outbound":
                motion = Outbound;
                return true;
            case "cadence":
                motion = Cadence;
                return true;
            case "revival":
                motion = Revival;
                return true;
            default:
                motion = default;
                return false;
        }
    }

    /// <summary>The wire name of a motion, as JSON, the command line and the canonical form write it.</summary>
    /// <param name="motion">The motion.</param>
    /// <returns><c>outbound</c>, <c>cadence</c> or <c>revival</c>; the number for a value that is not a declared motion.</returns>
    public static string ToWireName(this BatchMotion motion) => motion switch
    {
        Outbound => "outbound",
        Cadence => "cadence",
        Revival => "revival",
        _ => ((int)motion).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
