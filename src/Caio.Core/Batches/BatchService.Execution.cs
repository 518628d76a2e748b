using System.Text;
using System.Text.Json;
using Caio.Audit;
using Caio.Batches.Internal;
using Caio.Review;
using Caio.Safety;
using Caio.State;

namespace Caio.Batches;

public sealed partial class BatchService
{
    /// <summary>
    /// Claims a batch for execution: refuses a batch that does not exist (<c>batch_not_found</c>), has
    /// expired (<c>batch_expired</c>), was already executed (<c>batch_already_executed</c>), is not
    /// approved (<c>batch_not_approved</c>), belongs to another motion (<c>batch_wrong_motion</c>) or
    /// whose recomputed hash differs — the stored scope, or the approved content of an item the batch still holds, changed
    /// (<c>batch_hash_mismatch</c>). Then moves it approved → executing with compare-and-set: of several
    /// racing executors exactly one succeeds; the others get <c>batch_claimed_by_another_executor</c>.
    /// </summary>
    /// <param name="id">Batch id.</param>
    /// <param name="motion">The motion the executor runs (<c>null</c> for any).</param>
    /// <param name="executor">Executor identity.</param>
    /// <param name="resume">
    /// Whether a batch left <c>executing</c> by an executor that died may be taken over. Only pass
    /// <see langword="true"/> while holding the batch's execution lease: the send ledger then makes
    /// resuming safe (nothing already reserved is sent again). A batch left executing that has expired
    /// meanwhile is closed as expired (audited and alerted) and its unsent, still approved items are
    /// released for a new batch.
    /// </param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed batch, or the refusal.</returns>
    public async ValueTask<BatchOperationResult> ClaimForExecutionAsync(string id, BatchMotion? motion, string executor, bool resume = false, CancellationToken cancellationToken = default) =>
        (await ClaimWithHoldsAsync(id, motion, executor, resume, dueItems: null, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>
    /// <see cref="ClaimForExecutionAsync"/>, also returning what its validation read: the items the batch held at the
    /// claim (<see langword="null"/> when the claim was refused). The executor runs on it instead of reading every
    /// claim of the scope again.
    /// </summary>
    /// <param name="id">Batch id.</param>
    /// <param name="motion">The motion the executor runs (<c>null</c> for any).</param>
    /// <param name="executor">Executor identity.</param>
    /// <param name="resume">Whether a batch left executing may be taken over (see <see cref="ClaimForExecutionAsync"/>).</param>
    /// <param name="dueItems">
    /// When given, the run settles only these items' earlier deferrals: an item with an earlier deferral that is not
    /// among them keeps it, is not evaluated, and is not read now. It is validated by the claim of the run in which
    /// it comes due, and its send re-checks it like every send.
    /// </param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    internal async ValueTask<(BatchOperationResult Result, BatchHolds? Holds)> ClaimWithHoldsAsync(string id, BatchMotion? motion, string executor, bool resume, IReadOnlySet<string>? dueItems, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executor);
        var current = await _store.GetJsonAsync(BatchKey(id), DispatchBatchJsonContext.Default.DispatchBatch, cancellationToken).ConfigureAwait(false);
        if (current is not { } loaded)
        {
            return (await RefuseExecutionAsync(null, id, executor, BatchRefusals.NotFound, $"no batch '{id}'", cancellationToken).ConfigureAwait(false), null);
        }

        var (batch, version) = loaded;
        var resuming = resume && batch.Status == BatchStatus.Executing;
        var holds = new BatchHolds();
        var waiting = dueItems is null ? null : (batch.Deferred ?? []).Select(d => ItemIdOf(d.ActionId)).Where(itemId => !dueItems.Contains(itemId)).ToHashSet(StringComparer.Ordinal);
        var refusal = await ValidateAsync(resuming ? batch with { Status = BatchStatus.Approved } : batch, motion, holds, waiting, cancellationToken).ConfigureAwait(false);
        if (refusal is { } r)
        {
            if (r.Code == BatchRefusals.Expired && (batch.Status is BatchStatus.Pending or BatchStatus.Approved || resuming))
            {
                // An interrupted execution that can no longer be resumed is closed as expired, and its
                // items that were never sent go back to the approved pool for a new batch.
                await TryExpireAsync(id, cancellationToken, interrupted: resuming).ConfigureAwait(false);
            }

            return (await RefuseExecutionAsync(batch, id, executor, r.Code.ToString(), r.Detail ?? string.Empty, cancellationToken).ConfigureAwait(false), null);
        }

        var claimed = batch with { Status = BatchStatus.Executing, ExecutedBy = executor, ExecutionStartedAt = batch.ExecutionStartedAt ?? _timeProvider.GetUtcNow() };
        var transaction = BatchChange(batch, claimed, version);

        if (!(await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false)).Committed)
        {
            return (await RefuseExecutionAsync(batch, id, executor, BatchRefusals.ClaimedByAnother, "another executor claimed this batch first", cancellationToken).ConfigureAwait(false), null);
        }

        return (new BatchOperationResult(claimed, null), holds);
    }

    /// <summary>
    /// Checks, without changing anything, whether a batch could be executed for a motion now; returns
    /// the refusal (a <see cref="BatchRefusals"/> code and its detail), or <see langword="null"/> when it could. Used by dry runs.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="motion">The motion (<c>null</c> for any).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The refusal, or <see langword="null"/>.</returns>
    public ValueTask<Refusal?> ValidateAsync(DispatchBatch batch, BatchMotion? motion, CancellationToken cancellationToken = default) =>
        ValidateAsync(batch, motion, holds: null, waiting: null, cancellationToken);

    /// <summary>
    /// <see cref="ValidateAsync(DispatchBatch, BatchMotion?, CancellationToken)"/>, recording into <paramref name="holds"/>
    /// each item it finds the batch holding, and leaving out the items in <paramref name="waiting"/>, which keep an
    /// earlier deferral through this run.
    /// </summary>
    private async ValueTask<Refusal?> ValidateAsync(DispatchBatch batch, BatchMotion? motion, BatchHolds? holds, IReadOnlySet<string>? waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        switch (batch.Status)
        {
            case BatchStatus.Executed or BatchStatus.Executing:
                return new Refusal(BatchRefusals.AlreadyExecuted, $"the batch is {Wire(batch.Status)}; every action of an executed batch is settled, and an executing one has an executor");
            case BatchStatus.Expired:
                return new Refusal(BatchRefusals.Expired, $"the batch expired at {batch.ExpiresAt:O}");
            case BatchStatus.Pending or BatchStatus.Approved when batch.ExpiresAt <= _timeProvider.GetUtcNow():
                return new Refusal(BatchRefusals.Expired, $"the batch expired at {batch.ExpiresAt:O}");
            case not BatchStatus.Approved:
                return new Refusal(BatchRefusals.NotApproved, $"the batch is {Wire(batch.Status)}; only an approved batch can be executed");
        }

        if (motion is { } wanted && wanted != batch.Motion)
        {
            return new Refusal(BatchRefusals.WrongMotion, $"the batch is for motion '{batch.Motion.ToWireName()}', not '{wanted.ToWireName()}'");
        }

        if (!PreviewHash.Verify(batch.Scope, batch.PreviewHash))
        {
            return new Refusal(BatchRefusals.HashMismatch, "the stored scope no longer matches the approved preview hash");
        }

        // Only the items the batch still holds: an item a run released (refused, back in the approved pool) is no
        // longer this batch's to send, and may be edited and approved again for another batch without this one
        // refusing the actions it still holds. Every action is checked against its item again right before its send.
        var claimValue = ClaimValue(batch.Id);
        foreach (var itemId in batch.Scope.ItemIds)
        {
            if (waiting?.Contains(itemId) == true)
            {
                // Not read now; still looked at when the batch is settled (an expiry releases it).
                holds?.AddUnread(itemId);
                continue;
            }

            if (!await IsClaimedAsync(claimValue, itemId, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            ReviewItem? item;
            try
            {
                item = await _queue.GetAsync(itemId, cancellationToken).ConfigureAwait(false);
            }
            catch (UnreadableRecordException ex)
            {
                // Quarantined: its action is refused (item_unreadable), and every send re-checks its
                // item against the frozen digest (MatchesFrozenContent), so the rest of the batch proceeds.
                // Still held, as HoldsAsync says: the run reports it instead of dropping it.
                _unreadable.Report(ex.Key, ex);
                holds?.Add(itemId, forSending: true);
                continue;
            }

            if (item is null || !MatchesFrozenContent(batch, item))
            {
                return new Refusal(BatchRefusals.HashMismatch, $"item {itemId}: its approved content changed after the batch was created");
            }

            holds?.Add(itemId, forSending: item.Status == ReviewStatus.Approved);
        }

        return null;
    }

    /// <summary>Whether an item's approved content is the content frozen into the batch.</summary>
    internal static bool MatchesFrozenContent(DispatchBatch batch, ReviewItem item)
    {
        var frozen = batch.Scope.ContentDigests?.GetValueOrDefault(item.Id);
        var current = item.ApprovedSubject is { } subject && item.ApprovedBody is { } body ? ContentDigest.Compute(item.Channel, subject, body) : null;
        return frozen is not null && string.Equals(frozen, current, StringComparison.Ordinal) && string.Equals(frozen, item.ContentDigest, StringComparison.Ordinal);
    }

    /// <summary>
    /// Records the end of an execution in which nothing was deferred: the batch becomes executed with its
    /// per-channel results, and its items that were not sent but are still approved are released first.
    /// </summary>
    /// <param name="batch">The claimed batch.</param>
    /// <param name="results">Per-channel results.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The executed batch.</returns>
    public ValueTask<DispatchBatch> CompleteExecutionAsync(DispatchBatch batch, IReadOnlyList<ChannelResult> results, CancellationToken cancellationToken = default) =>
        CompleteExecutionAsync(batch, results, [], cancellationToken);

    /// <summary>
    /// Records the end of an execution run. Items the run settled by a refusal (still approved, not
    /// deferred) are released, so that a later batch can take them. While deferred actions
    /// remain and the batch has not expired, the batch goes back to approved and keeps them: later runs
    /// send them without a new approval. With nothing left the batch becomes executed. A batch that
    /// expired with deferred actions left releases them too and becomes expired (audited and alerted).
    /// </summary>
    /// <remarks>
    /// One commit releases the claims and moves the batch out of executing (compare-and-set): a crash
    /// leaves either the executing batch with its claims, which the next run resumes (it skips what it
    /// no longer holds), or the finished batch without them — never a finished batch holding approved items.
    /// When the batch is no longer executing under this executor nothing is written.
    /// </remarks>
    /// <param name="batch">The claimed batch.</param>
    /// <param name="results">Per-channel results of this run.</param>
    /// <param name="deferred">The actions a safety layer deferred in this run, which the batch keeps.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The batch after the run: approved (deferred actions remain), executed or expired.</returns>
    public ValueTask<DispatchBatch> CompleteExecutionAsync(DispatchBatch batch, IReadOnlyList<ChannelResult> results, IReadOnlyList<DeferredAction> deferred, CancellationToken cancellationToken = default) =>
        CompleteExecutionAsync(batch, results, deferred, heldAtClaim: null, cancellationToken);

    /// <summary>
    /// <see cref="CompleteExecutionAsync(DispatchBatch, IReadOnlyList{ChannelResult}, IReadOnlyList{DeferredAction}, CancellationToken)"/>
    /// of an execution that claimed the batch with <see cref="ClaimWithHoldsAsync"/>: only the items the batch held at
    /// that claim, or whose claim it did not read then, are looked at for release. A batch's item claims are written
    /// when it is created and only removed after, so an item it was found not to hold then cannot be held now.
    /// </summary>
    internal async ValueTask<DispatchBatch> CompleteExecutionAsync(DispatchBatch batch, IReadOnlyList<ChannelResult> results, IReadOnlyList<DeferredAction> deferred, BatchHolds? heldAtClaim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(deferred);
        var now = _timeProvider.GetUtcNow();
        var expired = deferred.Count > 0 && batch.ExpiresAt <= now;
        var keep = expired ? [] : deferred;
        var kept = new HashSet<string>(keep.Select(d => ItemIdOf(d.ActionId)), StringComparer.Ordinal);
        var (result, released) = await TransitionAsync(
            batch.Id,
            current => current.Status == BatchStatus.Executing && current.ExecutedBy == batch.ExecutedBy
                ? (current with
                {
                    Status = expired ? BatchStatus.Expired : keep.Count > 0 ? BatchStatus.Approved : BatchStatus.Executed,
                    ExecutedAt = now,
                    Results = Merge(current.Results, results),
                    Deferred = keep.Count > 0 ? keep : null,
                }, null)
                : (null, (BatchRefusals.InvalidStatus, "the batch is no longer executing under this executor")),
            (current, ct) => StillApprovedAsync(current, kept, heldAtClaim, ct),
            cancellationToken,
            isExpiry: true).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Batch {batch.Id}: {result.Refusal?.Detail}");
        }

        if (expired)
        {
            await ReportExpiryAsync(batch, released, deferred.Count, interrupted: false, cancellationToken).ConfigureAwait(false);
        }

        return result.Batch!;
    }

    /// <summary>
    /// Whether the batch still holds an item for sending: the item is claimed by this batch (not released
    /// to the approved pool or taken by another batch) and still approved (not settled).
    /// </summary>
    internal async ValueTask<bool> HoldsAsync(DispatchBatch batch, string itemId, CancellationToken cancellationToken)
    {
        if (!await IsClaimedAsync(ClaimValue(batch.Id), itemId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            return await _queue.GetAsync(itemId, cancellationToken).ConfigureAwait(false) is { Status: ReviewStatus.Approved };
        }
        catch (UnreadableRecordException ex)
        {
            // Still held: the claim stays, and the run reports the item as unreadable instead of dropping it.
            _unreadable.Report(ex.Key, ex);
            return true;
        }
    }

    /// <summary>Whether the item's claim (<c>batch:item:&lt;id&gt;</c>) holds <paramref name="claimValue"/>.</summary>
    private async ValueTask<bool> IsClaimedAsync(byte[] claimValue, string itemId, CancellationToken cancellationToken)
    {
        var claim = await _store.GetAsync(ClaimKey(itemId), cancellationToken).ConfigureAwait(false);
        return claim is not null && claim.Value.Span.SequenceEqual(claimValue);
    }

    private static IReadOnlyList<ChannelResult> Merge(IReadOnlyList<ChannelResult>? earlier, IReadOnlyList<ChannelResult> run)
    {
        if (earlier is not { Count: > 0 })
        {
            return run;
        }

        return [.. earlier.Concat(run).GroupBy(r => r.Channel, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ChannelResult(
            g.Key,
            g.Sum(r => r.Sent),
            g.Sum(r => r.Failed),
            g.Sum(r => r.MaybeSent),
            g.Sum(r => r.Refused),
            run.FirstOrDefault(r => r.Channel == g.Key)?.Deferred ?? 0))];
    }

    /// <summary>
    /// The items of the batch's scope that it still holds and that are still approved (an unreadable item is not: it
    /// keeps its claim and is never released into another batch unseen). With <paramref name="heldAtClaim"/>, only the
    /// items the batch held then are read.
    /// </summary>
    private async ValueTask<IReadOnlyCollection<string>> StillApprovedAsync(DispatchBatch batch, IReadOnlySet<string>? except, BatchHolds? heldAtClaim, CancellationToken cancellationToken)
    {
        // An item the batch no longer holds has nothing to release: its claim is read (a small record, usually
        // absent) before the item itself.
        var stillApproved = new List<string>();
        var claimValue = ClaimValue(batch.Id);
        foreach (var itemId in batch.Scope.ItemIds)
        {
            if (except?.Contains(itemId) != true
                && heldAtClaim?.Holds(itemId) != false
                && await IsClaimedAsync(claimValue, itemId, cancellationToken).ConfigureAwait(false)
                && await ReadItemOrQuarantineAsync(itemId, cancellationToken).ConfigureAwait(false) is { Status: ReviewStatus.Approved })
            {
                stillApproved.Add(itemId);
            }
        }

        return stillApproved;
    }

    private async ValueTask<BatchOperationResult> RefuseExecutionAsync(DispatchBatch? batch, string id, string executor, string code, string detail, CancellationToken cancellationToken)
    {
        await _audit.AppendAsync(
            new AuditRecord { At = _timeProvider.GetUtcNow(), Action = AuditActions.BatchExecutionRefused, Actor = executor, BatchId = id, ReasonCode = code, Detail = detail },
            cancellationToken).ConfigureAwait(false);
        return new BatchOperationResult(batch, new Refusal(code, detail));
    }
}
