using Caio.State;

namespace Caio.Safety.Internal;

/// <summary>Builds state-store key segments from free text.</summary>
internal static class StateKeys
{
    /// <summary>A key segment for <paramref name="value"/> (see <see cref="StateKeySegment.Encode"/>).</summary>
    public static string Segment(string value) => StateKeySegment.Encode(value);
}
