using System.Text.Json.Serialization;
using Caio.Batches;

namespace Caio.Dispatch;

/// <summary>Source-generated JSON metadata for operator reports.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OperatorReport))]
[JsonSerializable(typeof(ReconcileReport))]
public sealed partial class OperatorJsonContext : JsonSerializerContext;
