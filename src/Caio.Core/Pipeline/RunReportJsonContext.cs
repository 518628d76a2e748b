using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.State;

namespace Caio.Pipeline;

/// <summary>Source-generated JSON metadata for run reports (also used by the CLI to print them).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
public sealed partial class RunReportJsonContext : JsonSerializerContext;
