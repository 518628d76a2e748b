namespace Caio.Batches;

/// <summary>
/// Writes a motion selector (<see cref="BatchMotion"/>, or <see langword="null"/> for every motion) as
/// <c>outbound</c>, <c>cadence</c>, <c>revival</c> or <c>all</c>, and reads the same strings.
/// </summary>
public sealed class MotionOrAllJsonConverter() : NullableBatchMotionJsonConverter(All)
{
    /// <summary>The wire name of "every motion": <c>all</c>.</summary>
    public const string All = "all";
}
