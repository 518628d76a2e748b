using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>Emergency stop as shown by status.</summary>
/// <param name="Stopped">Whether sends are stopped.</param>
/// <param name="Source">What stopped them; written as <c>none</c>, <c>environment</c>, <c>configuration</c>, <c>runtime</c> or <c>unreadable</c>.</param>
/// <param name="ReasonCode">Reason code.</param>
/// <param name="By">Who switched it.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
public sealed record EmergencyStopView(
    [property: JsonPropertyName("stopped")] bool Stopped,
    [property: JsonPropertyName("source")] EmergencyStopSource Source,
    [property: JsonPropertyName("reasonCode")] ReasonCode? ReasonCode,
    [property: JsonPropertyName("by")] string? By,
    [property: JsonPropertyName("at")] DateTimeOffset? At,
    [property: JsonPropertyName("reason")] string? Reason);
