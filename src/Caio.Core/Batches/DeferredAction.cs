using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>An action of a batch that a safety layer deferred; the batch still holds it.</summary>
/// <param name="ActionId">The action.</param>
/// <param name="Reason">The deferring layer's reason code (e.g. <c>cap_daily</c>, <c>outside_send_window</c>).</param>
/// <param name="DeferUntil">The earliest time the layer would let it go.</param>
public sealed record DeferredAction(
    [property: JsonPropertyName("actionId")] string ActionId,
    [property: JsonPropertyName("reason")] Caio.Safety.ReasonCode Reason,
    [property: JsonPropertyName("deferUntil")] DateTimeOffset? DeferUntil)
{
    /// <summary>The deferral as a refusal (its code), for code that handles every refusal alike; not written to JSON.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal Refusal => new(Reason);
}
