using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>
/// An action of a new batch that cannot go out now, found by a dry evaluation through the safety chain
/// when the batch is created.
/// </summary>
/// <param name="ActionId">The action.</param>
/// <param name="ItemId">Its review item.</param>
/// <param name="RecipientKey">Recipient key.</param>
/// <param name="Channel">Channel wire name.</param>
/// <param name="Outcome"><c>deferred</c> (it will go later) or <c>refused</c>.</param>
/// <param name="Reason">The first refusing layer's reason code.</param>
/// <param name="DeferUntil">For a deferral, when it would go.</param>
/// <param name="Detail">Human-readable detail.</param>
public sealed record BatchActionNotice(
    [property: JsonPropertyName("actionId")] string ActionId,
    [property: JsonPropertyName("itemId")] string ItemId,
    [property: JsonPropertyName("recipientKey")] string RecipientKey,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("outcome")] Dispatch.ActionOutcomeKind Outcome,
    [property: JsonPropertyName("reason")] Caio.Safety.ReasonCode Reason,
    [property: JsonPropertyName("deferUntil")] DateTimeOffset? DeferUntil,
    [property: JsonPropertyName("detail")] string? Detail)
{
    /// <summary>Why the action cannot go out now (code and detail); not written to JSON, which keeps its flat fields.</summary>
    [JsonIgnore]
    public Caio.Safety.Refusal Refusal => new(Reason, Detail);
}
