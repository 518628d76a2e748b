using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Caio.State;

namespace Caio.Dispatch;

/// <summary>States of a ledger entry.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<LedgerState>))]
public enum LedgerState
{
    /// <summary>Reserved; the provider call may be about to happen.</summary>
    [JsonStringEnumMemberName("reserved")]
    Reserved,

    /// <summary>
    /// Handed to the provider (it accepted the message): final, never sent again. Whether the provider
    /// has since confirmed it is recorded separately in <see cref="LedgerEntry.ConfirmedAt"/>.
    /// </summary>
    [JsonStringEnumMemberName("sent")]
    Sent,

    /// <summary>Outcome unknown; never resent automatically, settled by reconciliation.</summary>
    [JsonStringEnumMemberName("maybe_sent")]
    MaybeSent,

    /// <summary>The provider refused; never retried automatically.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Reconciliation established that it did not go out.</summary>
    [JsonStringEnumMemberName("not_sent")]
    NotSent,
}
