using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>Reads and writes <see cref="Tier"/> as <c>tier_N</c>.</summary>
public sealed class TierJsonConverter : JsonConverter<Tier>
{
    /// <inheritdoc />
    public override Tier Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TierNames.TryParse(text, out var tier)
            ? tier
            : throw new System.Text.Json.JsonException($"Unknown tier '{text}'. Expected tier_1, tier_2, tier_3 or tier_4.");
    }

    /// <inheritdoc />
    public override void Write(System.Text.Json.Utf8JsonWriter writer, Tier value, System.Text.Json.JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToWireName());
    }
}
