using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>A send awaiting reconciliation.</summary>
/// <param name="ItemId">Review item.</param>
/// <param name="BatchId">Batch.</param>
/// <param name="RecipientKey">Recipient.</param>
/// <param name="Step">Step.</param>
/// <param name="Channel">Channel name.</param>
/// <param name="Since">Since when.</param>
/// <param name="Detail">What happened.</param>
public sealed record MaybeSentView(
    [property: JsonPropertyName("itemId")] string ItemId,
    [property: JsonPropertyName("batchId")] string BatchId,
    [property: JsonPropertyName("recipientKey")] string RecipientKey,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("detail")] string? Detail);
