using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caio.Safety;

/// <summary>Writes a <see cref="ReasonCode"/> as its plain string (<c>"cap_daily"</c>) and reads it back, also as a dictionary key.</summary>
public sealed class ReasonCodeJsonConverter : JsonConverter<ReasonCode>
{
    /// <inheritdoc />
    public override ReasonCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw Invalid();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ReasonCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }

    /// <inheritdoc />
    public override ReasonCode ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString());

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, ReasonCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.ToString());
    }

    private static ReasonCode Parse(string? value) => string.IsNullOrWhiteSpace(value) ? throw Invalid() : new ReasonCode(value);

    private static JsonException Invalid() => new("A reason code must be a non-empty string such as \"cap_daily\".");
}
