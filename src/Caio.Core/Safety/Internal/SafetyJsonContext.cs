using System.Text.Json.Serialization;

namespace Caio.Safety.Internal;

/// <summary>Source-generated JSON for the safety records kept in state.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmergencyStopRecord))]
[JsonSerializable(typeof(SuppressionEntry))]
[JsonSerializable(typeof(DomainSuppression))]
[JsonSerializable(typeof(ContactRecord))]
internal sealed partial class SafetyJsonContext : JsonSerializerContext;
