using System.Text.Json;
using Caio.Audit;
using Caio.Safety;
using Caio.State;

namespace Caio.Batches;

public sealed partial class BatchService
{
    /// <summary>Approves a pending, unexpired batch, recording the approver and time.</summary>
    /// <param name="id">Batch id.</param>
    /// <param name="actor">The authenticated approver.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome.</returns>
    public async ValueTask<BatchOperationResult> ApproveAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var result = await TransitionAsync(
            id,
            batch => batch.Status == BatchStatus.Pending
                ? (batch with { Status = BatchStatus.Approved, ApprovedBy = actor, ApprovedAt = _timeProvider.GetUtcNow() }, null)
                : (null, (BatchRefusals.InvalidStatus, $"only a pending batch can be approved; this one is {Wire(batch.Status)}")),
            cancellationToken).ConfigureAwait(false);
        await AuditOutcomeAsync(result, id, actor, AuditActions.BatchApproved, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Rejects a pending or approved batch; its items become available to a later batch.</summary>
    /// <param name="id">Batch id.</param>
    /// <param name="actor">Who rejects it.</param>
    /// <param name="reason">Why (optional).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome.</returns>
    public async ValueTask<BatchOperationResult> RejectAsync(string id, string actor, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var (result, _) = await TransitionAsync(
            id,
            batch => batch.Status is BatchStatus.Pending or BatchStatus.Approved
                ? (batch with { Status = BatchStatus.Rejected, RejectedBy = actor, RejectedAt = _timeProvider.GetUtcNow(), RejectionReason = reason }, null)
                : (null, (BatchRefusals.InvalidStatus, $"only a pending or approved batch can be rejected; this one is {Wire(batch.Status)}")),
            (batch, _) => ValueTask.FromResult<IReadOnlyCollection<string>>(batch.Scope.ItemIds), // released in the same commit
            cancellationToken).ConfigureAwait(false);
        await AuditOutcomeAsync(result, id, actor, AuditActions.BatchRejected, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async ValueTask<BatchOperationResult> TransitionAsync(string id, Func<DispatchBatch, (DispatchBatch? Next, (string Code, string Detail)? Refusal)> change, CancellationToken cancellationToken, bool isExpiry = false) =>
        (await TransitionAsync(id, change, releases: null, cancellationToken, isExpiry).ConfigureAwait(false)).Result;

    /// <summary>
    /// Changes a batch in one commit: the record (compare-and-set on the version read), the move between
    /// status indexes and the release of the claims this batch holds on the items <paramref name="releases"/>
    /// names (each required at the version read). All or nothing, also under a crash, so the indexes agree
    /// with the records and a finished batch never keeps a claim it gave up.
    /// </summary>
    private async ValueTask<(BatchOperationResult Result, int Released)> TransitionAsync(
        string id,
        Func<DispatchBatch, (DispatchBatch? Next, (string Code, string Detail)? Refusal)> change,
        Func<DispatchBatch, CancellationToken, ValueTask<IReadOnlyCollection<string>>>? releases,
        CancellationToken cancellationToken,
        bool isExpiry = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        while (true)
        {
            var current = await _store.GetJsonAsync(BatchKey(id), DispatchBatchJsonContext.Default.DispatchBatch, cancellationToken).ConfigureAwait(false);
            if (current is not { } loaded)
            {
                return (new BatchOperationResult(null, new Refusal(BatchRefusals.NotFound, $"no batch '{id}'")), 0);
            }

            var (batch, version) = loaded;
            if (!isExpiry && batch.Status is BatchStatus.Pending or BatchStatus.Approved && batch.ExpiresAt <= _timeProvider.GetUtcNow())
            {
                await TryExpireAsync(id, cancellationToken).ConfigureAwait(false);
                return (new BatchOperationResult(batch with { Status = BatchStatus.Expired }, new Refusal(BatchRefusals.Expired, $"the batch expired at {batch.ExpiresAt:O}")), 0);
            }

            var (next, refusal) = change(batch);
            if (next is null)
            {
                return (new BatchOperationResult(batch, new Refusal(refusal!.Value.Code, refusal.Value.Detail)), 0);
            }

            var transaction = BatchChange(batch, next, version);

            var released = 0;
            if (releases is not null)
            {
                released = await AddClaimReleasesAsync(transaction, id, await releases(batch, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            if (!(await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false)).Committed)
            {
                continue;
            }

            return (new BatchOperationResult(next, null), released);
        }
    }

    /// <summary>Adds to <paramref name="transaction"/> the release of every claim among <paramref name="itemIds"/> that names the batch; returns how many.</summary>
    private async ValueTask<int> AddClaimReleasesAsync(StateTransaction transaction, string batchId, IEnumerable<string> itemIds, CancellationToken cancellationToken)
    {
        var owner = ClaimValue(batchId);
        var released = 0;
        foreach (var itemId in itemIds.Distinct(StringComparer.Ordinal))
        {
            var claim = await _store.GetAsync(ClaimKey(itemId), cancellationToken).ConfigureAwait(false);
            if (claim is not null && claim.Value.Span.SequenceEqual(owner))
            {
                transaction.RequireVersion(ClaimKey(itemId), claim.Version).Delete(ClaimKey(itemId));
                released++;
            }
        }

        return released;
    }

    private async ValueTask AuditOutcomeAsync(BatchOperationResult result, string id, string actor, string action, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            await _audit.AppendAsync(new AuditRecord { At = _timeProvider.GetUtcNow(), Action = action, Actor = actor, BatchId = id, Detail = result.Batch?.RejectionReason }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A batch record's compare-and-set on <paramref name="version"/> and, when its status changes, the move
    /// between status indexes: the start of every commit that changes a batch.
    /// </summary>
    private static StateTransaction BatchChange(DispatchBatch before, DispatchBatch after, long version)
    {
        var transaction = new StateTransaction()
            .RequireVersion(BatchKey(before.Id), version)
            .Put(BatchKey(before.Id), JsonSerializer.SerializeToUtf8Bytes(after, DispatchBatchJsonContext.Default.DispatchBatch));
        return after.Status == before.Status
            ? transaction
            : transaction.IndexRemove(StatusIndex(before.Status), before.Id).IndexAdd(StatusIndex(after.Status), before.Id, before.CreatedAt.ToUnixTimeMilliseconds());
    }
}
