using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>
/// Writes a <see cref="BatchMotion"/> as its wire name and <see langword="null"/> as a name of its own
/// (<see cref="NullName"/>), and reads the same strings back.
/// </summary>
public abstract class NullableBatchMotionJsonConverter : JsonConverter<BatchMotion?>
{
    /// <summary>Creates the converter.</summary>
    /// <param name="nullName">The wire name of <see langword="null"/>, e.g. <c>all</c>.</param>
    protected NullableBatchMotionJsonConverter(string nullName) => NullName = nullName;

    /// <summary>The wire name of <see langword="null"/>.</summary>
    public string NullName { get; }

    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override BatchMotion? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var name = reader.GetString();
        if (string.Equals(name, NullName, StringComparison.Ordinal))
        {
            return null;
        }

        return BatchMotions.TryParse(name, out var motion)
            ? motion
            : throw new JsonException($"Unknown motion '{name}'; expected one of: {BatchMotions.AllowedValues} or {NullName}.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, BatchMotion? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value is { } motion ? motion.ToWireName() : NullName);
    }
}
