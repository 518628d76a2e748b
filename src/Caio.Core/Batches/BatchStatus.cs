using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>Lifecycle of a dispatch batch. Wire names are snake_case.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<BatchStatus>))]
public enum BatchStatus
{
    /// <summary>Created; waits for a human approval.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>
    /// Approved: authorizes sending its frozen scope until it expires. Runs claim it (→ executing); a run
    /// that leaves deferred actions returns it here, holding them (<see cref="DispatchBatch.Deferred"/>).
    /// </summary>
    [JsonStringEnumMemberName("approved")]
    Approved,

    /// <summary>Rejected. Terminal.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Claimed by an executor under the batch's execution lease; sends are in progress.</summary>
    [JsonStringEnumMemberName("executing")]
    Executing,

    /// <summary>Executed: every action is settled (sent, failed, maybe sent, or refused and released). Terminal.</summary>
    [JsonStringEnumMemberName("executed")]
    Executed,

    /// <summary>Expired before every action was settled; what was left returned to the approved pool. Terminal.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired,
}
