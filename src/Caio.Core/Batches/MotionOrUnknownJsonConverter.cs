namespace Caio.Batches;

/// <summary>
/// Writes a batch's motion as <c>outbound</c>, <c>cadence</c> or <c>revival</c>, and <see langword="null"/> (the
/// batch, and so its motion, is not known) as <c>?</c>; reads the same strings.
/// </summary>
public sealed class MotionOrUnknownJsonConverter() : NullableBatchMotionJsonConverter(Unknown)
{
    /// <summary>The wire name of an unknown motion: <c>?</c>.</summary>
    public const string Unknown = "?";
}
