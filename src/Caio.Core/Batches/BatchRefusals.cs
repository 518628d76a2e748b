using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>Reason codes of refused batch operations.</summary>
public static class BatchRefusals
{
    /// <summary>No batch with that id.</summary>
    public const string NotFound = "batch_not_found";

    /// <summary>Execution needs an approved batch.</summary>
    public const string NotApproved = "batch_not_approved";

    /// <summary>The batch expired.</summary>
    public const string Expired = "batch_expired";

    /// <summary>The batch was already executed (or is executing).</summary>
    public const string AlreadyExecuted = "batch_already_executed";

    /// <summary>The batch belongs to another motion.</summary>
    public const string WrongMotion = "batch_wrong_motion";

    /// <summary>The recomputed hash differs: the scope or an item's approved content changed.</summary>
    public const string HashMismatch = "batch_hash_mismatch";

    /// <summary>Another executor claimed the batch first.</summary>
    public const string ClaimedByAnother = "batch_claimed_by_another_executor";

    /// <summary>The operation is not allowed in the batch's status (e.g. approving a rejected batch).</summary>
    public const string InvalidStatus = "batch_invalid_status";

    /// <summary>No approved items are waiting for a batch of that motion.</summary>
    public const string NothingToBatch = "nothing_to_batch";

    /// <summary>Unknown motion.</summary>
    public const string InvalidMotion = "invalid_motion";

    /// <summary>The approved items kept being claimed or changed while a batch was created; nothing was written.</summary>
    public const string Contended = "batch_contended";
}
