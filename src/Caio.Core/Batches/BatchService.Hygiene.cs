using System.Text.Json;
using Caio.Audit;
using Caio.Notifications;
using Caio.Review;
using Caio.Safety;
using Caio.State;

namespace Caio.Batches;

public sealed partial class BatchService
{
    /// <summary>
    /// Expires every pending or approved batch past its expiry (logged, audited, alerted). The still
    /// approved items it holds — for a batch that ran, its deferred actions — return to the approved pool.
    /// </summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>How many batches expired.</returns>
    /// <remarks>Then repairs orphaned claims (<see cref="ReleaseOrphanedClaimsAsync"/>).</remarks>
    public async ValueTask<int> ExpireStaleAsync(CancellationToken cancellationToken = default)
    {
        var expired = 0;
        foreach (var status in new[] { BatchStatus.Pending, BatchStatus.Approved })
        {
            foreach (var batch in await ListAsync(status, cancellationToken).ConfigureAwait(false))
            {
                if (batch.ExpiresAt <= _timeProvider.GetUtcNow() && await TryExpireAsync(batch.Id, cancellationToken).ConfigureAwait(false))
                {
                    expired++;
                }
            }
        }

        await ReleaseOrphanedClaimsAsync(cancellationToken).ConfigureAwait(false);
        return expired;
    }

    /// <summary>
    /// Batch hygiene for state written by earlier versions: releases the claim of every approved item
    /// whose claim names a batch that does not exist (<c>orphan_claim_batch_missing</c>: a batch creation
    /// interrupted between claiming items and writing the batch) or a rejected, expired or executed batch
    /// (<c>orphan_claim_batch_finished</c>: a finishing step interrupted before its releases). Each release
    /// is audited (<c>batch.claim_released</c> with the reason code) and one <c>orphan_claims_released</c>
    /// alert gives the count. The items return to the approved pool for the next batch.
    /// </summary>
    /// <remarks>
    /// A batch is created, and a batch finished, in one commit with its claims, so today's writers never
    /// leave such a claim, and a claim seen without its batch is not one being created right now: the
    /// claim and the batch record become visible together (the file backend's readers wait out a live
    /// commit and roll a dead one forward before reading), and batch records are never deleted. Each
    /// release is itself a commit requiring the item, the claim and the batch record at the versions read
    /// (the batch absent), so a claim or batch that changed meanwhile is left for the next sweep. Unreadable
    /// items and batches keep their claims. Costs one read of each approved item and its claim.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>How many claims were released.</returns>
    public async ValueTask<int> ReleaseOrphanedClaimsAsync(CancellationToken cancellationToken = default)
    {
        var batches = new Dictionary<string, (DispatchBatch? Batch, long Version)?>(StringComparer.Ordinal);
        var approved = await _store.IndexRangeAsync(ReviewQueue.StatusIndex(ReviewStatus.Approved), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var released = 0;
        foreach (var entry in approved)
        {
            var itemId = entry.Member;
            if (await ReadItemWithVersionAsync(itemId, cancellationToken).ConfigureAwait(false) is not ({ Status: ReviewStatus.Approved } item, var itemVersion)
                || await _store.GetAsync(ClaimKey(itemId), cancellationToken).ConfigureAwait(false) is not { } claim)
            {
                continue;
            }

            string? batchId;
            try
            {
                batchId = JsonSerializer.Deserialize(claim.Value.Span, DispatchBatchJsonContext.Default.String);
            }
            catch (JsonException ex)
            {
                _unreadable.Report(ClaimKey(itemId), ex);
                continue;
            }

            if (string.IsNullOrEmpty(batchId))
            {
                continue;
            }

            if (!batches.TryGetValue(batchId, out var owner))
            {
                owner = await ReadBatchForRepairAsync(batchId, cancellationToken).ConfigureAwait(false);
                batches[batchId] = owner;
            }

            if (owner is not var (batch, batchVersion))
            {
                continue; // unreadable: keeps its claims
            }

            var reason = batch is null ? ReasonCodes.OrphanClaimBatchMissing
                : batch.Status is BatchStatus.Rejected or BatchStatus.Expired or BatchStatus.Executed ? ReasonCodes.OrphanClaimBatchFinished
                : null;
            if (reason is null)
            {
                continue;
            }

            var transaction = new StateTransaction()
                .RequireVersion(ReviewQueue.ItemKey(itemId), itemVersion)
                .RequireVersion(ClaimKey(itemId), claim.Version)
                .Delete(ClaimKey(itemId))
                .RequireVersion(BatchKey(batchId), batchVersion);
            if (!(await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false)).Committed)
            {
                continue; // changed meanwhile: the next sweep looks again
            }

            released++;
            await _audit.AppendAsync(
                new AuditRecord
                {
                    At = _timeProvider.GetUtcNow(),
                    Action = AuditActions.BatchClaimReleased,
                    Actor = "system:hygiene",
                    BatchId = batchId,
                    ItemId = itemId,
                    RecipientKey = item.RecipientKey,
                    ReasonCode = reason,
                    Detail = batch is null ? "the claim named a batch that does not exist" : $"the claim named a {Wire(batch.Status)} batch",
                },
                cancellationToken).ConfigureAwait(false);
        }

        if (released > 0)
        {
            await _alerts.PublishAsync(
                new AlertEvent
                {
                    At = _timeProvider.GetUtcNow(),
                    Code = "orphan_claims_released",
                    Message = $"Batch hygiene released {released} approved items held by a missing or finished batch; they return to the approved pool and wait for a new batch.",
                },
                cancellationToken).ConfigureAwait(false);
        }

        return released;
    }

    /// <summary>A batch with its version ((null, 0) when definitely absent), or <see langword="null"/> when unreadable (reported).</summary>
    private async ValueTask<(DispatchBatch? Batch, long Version)?> ReadBatchForRepairAsync(string batchId, CancellationToken cancellationToken)
    {
        try
        {
            var loaded = await _store.GetJsonAsync(BatchKey(batchId), DispatchBatchJsonContext.Default.DispatchBatch, cancellationToken).ConfigureAwait(false);
            return loaded is { } found ? (found.Value, found.Version) : (null, 0);
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex))
        {
            _unreadable.Report(BatchKey(batchId), ex);
            return null;
        }
    }

    private async ValueTask<bool> TryExpireAsync(string id, CancellationToken cancellationToken, bool interrupted = false)
    {
        // The still approved items are released in the commit that marks the batch expired: an expired
        // batch never holds approved items, whatever the crash point.
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null
            || !(current.Status is BatchStatus.Pending or BatchStatus.Approved || (interrupted && current.Status == BatchStatus.Executing))
            || current.ExpiresAt > _timeProvider.GetUtcNow())
        {
            return false;
        }

        var (result, released) = await TransitionAsync(
            id,
            batch => (batch.Status is BatchStatus.Pending or BatchStatus.Approved || (interrupted && batch.Status == BatchStatus.Executing)) && batch.ExpiresAt <= _timeProvider.GetUtcNow()
                ? (batch with { Status = BatchStatus.Expired }, null)
                : (null, (BatchRefusals.InvalidStatus, "not expirable")),
            (batch, ct) => StillApprovedAsync(batch, except: null, heldAtClaim: null, ct),
            cancellationToken,
            isExpiry: true).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return false;
        }

        await ReportExpiryAsync(result.Batch!, released, result.Batch!.Deferred?.Count ?? 0, interrupted, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async ValueTask ReportExpiryAsync(DispatchBatch batch, int released, int deferred, bool interrupted, CancellationToken cancellationToken)
    {
        var id = batch.Id;
        var now = _timeProvider.GetUtcNow();
        var message = interrupted
            ? $"Dispatch batch {id} expired before its interrupted execution could be resumed; {released} unsent items of {batch.Scope.ItemIds.Count} wait for a new batch."
            : deferred > 0 || batch.ExecutionStartedAt is not null
                ? $"Dispatch batch {id} expired with {deferred} deferred actions not sent; {released} approved items of {batch.Scope.ItemIds.Count} return to the approved pool and wait for a new batch."
                : $"Dispatch batch {id} ({batch.Scope.ItemIds.Count} items) expired without being executed.";
        await _audit.AppendAsync(
            new AuditRecord { At = now, Action = AuditActions.BatchExpired, Actor = "system:hygiene", BatchId = id, ReasonCode = BatchRefusals.Expired, Detail = interrupted ? "interrupted execution" : deferred > 0 ? $"{deferred} deferred actions returned to the approved pool" : null },
            cancellationToken).ConfigureAwait(false);
        await _alerts.PublishAsync(new AlertEvent { At = now, Code = "batch_expired", BatchId = id, Message = message }, cancellationToken).ConfigureAwait(false);
    }
}
