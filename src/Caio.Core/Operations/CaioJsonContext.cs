using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>Source-generated JSON metadata for status, review items and batches (used by hosts to print them).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CaioStatus))]
[JsonSerializable(typeof(ReviewItem))]
[JsonSerializable(typeof(List<ReviewItem>))]
[JsonSerializable(typeof(DispatchBatch))]
[JsonSerializable(typeof(List<DispatchBatch>))]
public sealed partial class CaioJsonContext : JsonSerializerContext;
