using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>Outcome counts of one channel in a batch execution.</summary>
/// <param name="Channel">Channel wire name.</param>
/// <param name="Sent">Sends confirmed by the channel.</param>
/// <param name="Failed">Sends the channel refused or failed definitively.</param>
/// <param name="MaybeSent">Sends whose outcome is unknown (awaiting reconciliation).</param>
/// <param name="Refused">Actions a safety layer denied.</param>
/// <param name="Deferred">Actions a safety layer deferred (the batch keeps them for a later run).</param>
public sealed record ChannelResult(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("sent")] int Sent,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("maybeSent")] int MaybeSent,
    [property: JsonPropertyName("refused")] int Refused,
    [property: JsonPropertyName("deferred")] int Deferred);
