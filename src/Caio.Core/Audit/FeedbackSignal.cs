using System.Text.Json.Serialization;

namespace Caio.Audit;

/// <summary>A learning signal derived from a review decision.</summary>
public sealed record FeedbackSignal
{
    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Review item.</summary>
    public required string ItemId { get; init; }

    /// <summary><c>approved</c>, <c>edited</c> or <c>rejected</c>.</summary>
    public required string Decision { get; init; }

    /// <summary>Rejection tag, for rejections.</summary>
    public string? Tag { get; init; }

    /// <summary>Reviewer's free text.</summary>
    public string? Feedback { get; init; }

    /// <summary><c>minor_tweak</c> or <c>rewrite</c>, for edits.</summary>
    public string? EditClass { get; init; }

    /// <summary>Character edit distance between draft and approved text, for edits.</summary>
    public int? EditDistance { get; init; }

    /// <summary>Tier of the lead.</summary>
    public string? Tier { get; init; }

    /// <summary>ICP score of the lead.</summary>
    public int? Score { get; init; }

    /// <summary>Crafter that wrote the draft.</summary>
    public string? Crafter { get; init; }
}

/// <summary>Source-generated JSON metadata for audit and feedback records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(FeedbackSignal))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
