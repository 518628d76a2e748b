using Caio.Batches;

namespace Caio.Worker;

/// <summary>Reads <c>--motion</c> values (the parser has already limited them to the allowed names).</summary>
internal static class MotionValues
{
    public static BatchMotion One(string? value) =>
        BatchMotions.TryParse(value, out var motion)
            ? motion
            : throw new UsageException($"--motion: '{value}' is not allowed. Expected one of: {BatchMotions.AllowedValues}.");

    public static BatchMotion? OneOrAll(string? value) =>
        value == MotionOrAllJsonConverter.All ? null : One(value);
}
