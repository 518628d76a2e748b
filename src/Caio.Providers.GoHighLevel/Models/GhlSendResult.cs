using System.Text.Json.Serialization;

namespace Caio.Providers.GoHighLevel;

/// <summary>The answer of a send.</summary>
public sealed record GhlSendResult
{
    /// <summary>Conversation id.</summary>
    [JsonPropertyName("conversationId")]
    public string? ConversationId { get; init; }

    /// <summary>Message id.</summary>
    [JsonPropertyName("messageId")]
    public string? MessageId { get; init; }

    /// <summary>Email message id.</summary>
    [JsonPropertyName("emailMessageId")]
    public string? EmailMessageId { get; init; }

    /// <summary>Provider text.</summary>
    [JsonPropertyName("msg")]
    public string? Msg { get; init; }

    /// <summary>Status.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }
}
