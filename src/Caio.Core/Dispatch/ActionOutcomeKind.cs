using System.Text.Json.Serialization;
using Caio.Serialization;

namespace Caio.Dispatch;

/// <summary>What happened to one action of a batch (<see cref="ActionOutcome.Outcome"/>); written as <c>sent</c>, <c>would_send</c>, <c>refused</c>, <c>deferred</c>, <c>failed</c> or <c>maybe_sent</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ActionOutcomeKind>))]
public enum ActionOutcomeKind
{
    /// <summary>Sent.</summary>
    Sent,

    /// <summary>Would be sent (dry run).</summary>
    WouldSend,

    /// <summary>Refused by a safety layer or a precondition.</summary>
    Refused,

    /// <summary>Deferred by a safety layer.</summary>
    Deferred,

    /// <summary>The provider refused.</summary>
    Failed,

    /// <summary>Outcome unknown; awaits reconciliation.</summary>
    MaybeSent,
}
