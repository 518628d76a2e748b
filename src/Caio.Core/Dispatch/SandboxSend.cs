using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>One recorded sandbox send.</summary>
/// <param name="Channel"><c>email</c> or <c>linkedin</c>.</param>
/// <param name="RecipientKey">Canonical recipient key.</param>
/// <param name="Step">Sequence step.</param>
/// <param name="MessageId">Message id.</param>
/// <param name="At">When it was accepted.</param>
public sealed record SandboxSend(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("recipientKey")] string RecipientKey,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    /// <summary>The rendered subject as it went out (email only; a LinkedIn message has none).</summary>
    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }

    /// <summary>The rendered body as it went out.</summary>
    [JsonPropertyName("body")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }
}
