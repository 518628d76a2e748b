using Caio.Review;

namespace Caio.Batches;

/// <summary>
/// Tells sandbox work from human work. Review items and dispatch batches of a sandbox run are marked when
/// they are created; work approved by an actor of the <c>sandbox:</c> namespace (the sandbox's automatic
/// approver) counts as sandbox work too, so that marks missing on state written by older versions do not
/// let sandbox approvals through. Sandbox work never enters a human batch and is never sent on a
/// non-sandbox channel (<see cref="Safety.ReasonCodes.SandboxOnly"/>).
/// </summary>
public static class SandboxWork
{
    /// <summary>The actor namespace of the sandbox's automatic approver (e.g. <c>sandbox:auto-approver</c>).</summary>
    public const string ActorPrefix = "sandbox:";

    /// <summary>Whether an actor is the sandbox (its name starts with <see cref="ActorPrefix"/>).</summary>
    /// <param name="actor">The actor.</param>
    /// <returns><see langword="true"/> for sandbox actors.</returns>
    public static bool IsSandboxActor(string? actor) => actor is not null && actor.StartsWith(ActorPrefix, StringComparison.Ordinal);

    /// <summary>Whether a review item is sandbox work: marked at creation, or decided by the sandbox.</summary>
    /// <param name="item">The item.</param>
    /// <returns><see langword="true"/> for sandbox work.</returns>
    public static bool IsSandboxWork(this ReviewItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Sandbox || IsSandboxActor(item.DecidedBy);
    }

    /// <summary>Whether a dispatch batch is sandbox work: marked in its frozen scope, or created or approved by the sandbox.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns><see langword="true"/> for sandbox work.</returns>
    public static bool IsSandboxWork(this DispatchBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Scope.Sandbox || IsSandboxActor(batch.CreatedBy) || IsSandboxActor(batch.ApprovedBy);
    }
}
