using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Sourcing;

/// <summary>Source-generated JSON metadata for the lead file format (camelCase; property names in any letter case and numbers written as strings are read too).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(Lead))]
[JsonSerializable(typeof(List<Lead>))]
internal sealed partial class LeadJsonContext : JsonSerializerContext;
