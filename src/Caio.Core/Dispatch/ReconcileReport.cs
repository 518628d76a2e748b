using System.Text.Json.Serialization;
using Caio.Batches;

namespace Caio.Dispatch;

/// <summary>Result of a reconciliation pass.</summary>
/// <param name="Examined">Entries examined.</param>
/// <param name="Sent">Settled as sent.</param>
/// <param name="NotSent">Settled as not sent (the item becomes send_failed; never resent automatically).</param>
/// <param name="Unknown">Still unknown.</param>
public sealed record ReconcileReport(
    [property: JsonPropertyName("examined")] int Examined,
    [property: JsonPropertyName("sent")] int Sent,
    [property: JsonPropertyName("notSent")] int NotSent,
    [property: JsonPropertyName("unknown")] int Unknown);
