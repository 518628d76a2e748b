using Caio.Leads;

namespace Caio.Review;

/// <summary>
/// The shadow queue: every draft waits here for a human. Production pipelines stop at this queue.
/// </summary>
public interface IReviewQueue
{
    /// <summary>Queues a draft, refusing placeholders, invalid recipients and duplicates (same recipient and subject).</summary>
    /// <param name="draft">The draft.</param>
    /// <param name="runId">The pipeline run that produced it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The queued item or the refusal reason.</returns>
    ValueTask<EnqueueResult> EnqueueAsync(MessageDraft draft, string? runId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues several drafts, each refused or queued exactly as by <see cref="EnqueueAsync"/>. A
    /// backend-aware queue writes the accepted ones as one group (one durable commit); this default
    /// queues them one by one.
    /// </summary>
    /// <param name="drafts">The drafts, in order.</param>
    /// <param name="runId">Pipeline run id for traceability.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One result per draft, in the same order.</returns>
    async ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<MessageDraft> drafts, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var results = new EnqueueResult[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            results[i] = await EnqueueAsync(drafts[i], runId, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Reads one item.</summary>
    /// <param name="id">Item id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The item, or <see langword="null"/>.</returns>
    ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists items in a status, oldest first.</summary>
    /// <param name="status">The status.</param>
    /// <param name="limit">Maximum items, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items.</returns>
    ValueTask<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus status, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ids of the items in a status, oldest first: a membership read that reads no item records (one
    /// sorted-index read on the state backends), cheap enough to check on every request whether a list read
    /// earlier is still the current one. Every status change of an item moves it between these lists.
    /// </summary>
    /// <param name="status">The status.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ids.</returns>
    async ValueTask<IReadOnlyList<string>> ListIdsAsync(ReviewStatus status, CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(status, cancellationToken: cancellationToken).ConfigureAwait(false)).Select(i => i.Id)];

    /// <summary>Counts items per status.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Counts keyed by status.</returns>
    ValueTask<IReadOnlyDictionary<ReviewStatus, long>> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a pending draft, optionally edited. Refused (with a <see cref="ReviewRefusals"/> code)
    /// for unknown, already decided, terminal or expired items and for edits containing placeholders.
    /// </summary>
    /// <param name="id">Item id.</param>
    /// <param name="request">Edits and feedback.</param>
    /// <param name="actor">The authenticated approver.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>The outcome.</returns>
    ValueTask<DecisionResult> ApproveAsync(string id, ApproveRequest request, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves several pending drafts, each refused or approved exactly as by <see cref="ApproveAsync"/>.
    /// A backend-aware queue writes the approvals as one group (one durable commit); this default
    /// approves them one by one.
    /// </summary>
    /// <param name="ids">The items, in order.</param>
    /// <param name="request">The edits and feedback, the same for every item.</param>
    /// <param name="actor">The authenticated approver.</param>
    /// <param name="cancellationToken">Cancels the decisions.</param>
    /// <returns>One result per item, in the same order.</returns>
    async ValueTask<IReadOnlyList<DecisionResult>> ApproveManyAsync(IReadOnlyList<string> ids, ApproveRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var results = new DecisionResult[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            results[i] = await ApproveAsync(ids[i], request, actor, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Rejects a pending draft with a reason and a tag from <see cref="RejectionTags.All"/>.</summary>
    /// <param name="id">Item id.</param>
    /// <param name="reason">Why.</param>
    /// <param name="tag">Rejection tag.</param>
    /// <param name="actor">The authenticated reviewer.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>The outcome.</returns>
    ValueTask<DecisionResult> RejectAsync(string id, string reason, string tag, string actor, CancellationToken cancellationToken = default);

    /// <summary>Expires pending drafts older than <see cref="ReviewOptions.DraftTimeToLive"/>.</summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>How many drafts expired.</returns>
    ValueTask<int> ExpireStaleAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a change to an item with compare-and-set, retrying on conflicts (used by dispatch to
    /// record blocked, and by hosts; the send outcomes of the built-in queue are committed together
    /// with the ledger). <paramref name="change"/> returns the new
    /// item, or <see langword="null"/> to leave it as it is.
    /// </summary>
    /// <param name="id">Item id.</param>
    /// <param name="change">The change; may be called more than once.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The updated item, or <see langword="null"/> when absent or unchanged.</returns>
    ValueTask<ReviewItem?> TransitionAsync(string id, Func<ReviewItem, ReviewItem?> change, CancellationToken cancellationToken = default);
}
