using System.Text.Json.Serialization;

namespace Caio.Review;

/// <summary>Source-generated JSON metadata for review-queue records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReviewItem))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReviewJsonContext : JsonSerializerContext;
