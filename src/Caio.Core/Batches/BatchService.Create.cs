using System.Text.Json;
using Caio.Audit;
using Caio.Internal;
using Caio.Review;
using Caio.Safety;
using Caio.State;

namespace Caio.Batches;

public sealed partial class BatchService
{
    /// <summary>
    /// Creates a batch from the approved items of a motion that are not in another open batch,
    /// oldest first, up to <see cref="BatchOptions.MaxItems"/>. Items approved later wait for the next batch.
    /// </summary>
    /// <param name="motion">The motion.</param>
    /// <param name="actor">Who creates it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new batch, or a refusal (<c>invalid_motion</c>, <c>nothing_to_batch</c>).</returns>
    public ValueTask<BatchOperationResult> CreateAsync(BatchMotion motion, string actor, CancellationToken cancellationToken = default) =>
        CreateAsync(motion, actor, itemIds: null, cancellationToken);

    /// <summary>
    /// Creates a batch from the given approved items of a motion (those not approved, of another
    /// motion or already in an open batch are left out), or from all waiting approved items when
    /// <paramref name="itemIds"/> is <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// The batch is written in one commit: every item claim (<c>batch:item:&lt;id&gt;</c>, required
    /// absent), every chosen item's record required at the version whose content is frozen, the batch
    /// record and its status-index entry. A crash leaves the whole batch or nothing, so a claim is never
    /// visible without its batch. When an item is claimed or changed meanwhile, the commit is refused,
    /// that item is left out and the batch is chosen again from fresh reads (at most 16 attempts; then
    /// <c>batch_contended</c>, with nothing written).
    /// </remarks>
    /// <param name="motion">The motion.</param>
    /// <param name="actor">Who creates it.</param>
    /// <param name="itemIds">The items to batch, or <see langword="null"/> for every waiting approved item.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new batch, or a refusal (<c>invalid_motion</c>, <c>nothing_to_batch</c>, <c>batch_contended</c>).</returns>
    public async ValueTask<BatchOperationResult> CreateAsync(BatchMotion motion, string actor, IReadOnlyCollection<string>? itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var name = motion.ToWireName();
        if (!BatchMotions.IsDefined(motion))
        {
            return new BatchOperationResult(null, new Refusal(BatchRefusals.InvalidMotion, $"unknown motion '{name}'; expected one of: {BatchMotions.AllowedValues}"));
        }

        var now = _timeProvider.GetUtcNow();
        var sandbox = SandboxWork.IsSandboxActor(actor); // sandbox batches hold only sandbox work, human batches none
        var leftOut = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < MaxCreateAttempts; attempt++)
        {
            var id = IdGenerator.NewId("batch", now);
            var chosen = await ChooseItemsAsync(motion, sandbox, itemIds, leftOut, cancellationToken).ConfigureAwait(false);
            if (chosen.Count == 0)
            {
                return new BatchOperationResult(null, new Refusal(BatchRefusals.NothingToBatch, $"no approved {name} items are waiting for a batch"));
            }

            var scopeIds = new List<string>(chosen.Count);
            var actions = new List<BatchAction>(chosen.Count);
            var digests = new Dictionary<string, string>(StringComparer.Ordinal);
            var owner = ClaimValue(id);
            var transaction = new StateTransaction();
            foreach (var (item, version) in chosen)
            {
                scopeIds.Add(item.Id);
                digests[item.Id] = item.ContentDigest!;
                actions.Add(new BatchAction(ActionId(item.Id, item.Step), item.RecipientEmail, item.Channel, item.Step, item.Day));
                transaction
                    .RequireVersion(ClaimKey(item.Id), 0)
                    .Put(ClaimKey(item.Id), owner)
                    .RequireVersion(ReviewQueue.ItemKey(item.Id), version); // frozen content = the content at this version
            }

            var scope = new BatchScope(motion, scopeIds, actions, digests) { Sandbox = sandbox };
            var batch = new DispatchBatch
            {
                Id = id,
                Motion = motion,
                Status = BatchStatus.Pending,
                Scope = scope,
                PreviewHash = PreviewHash.Compute(scope),
                CreatedAt = now,
                CreatedBy = actor,
                ExpiresAt = now + _options.TimeToLive,
            };
            transaction
                .RequireVersion(BatchKey(id), 0)
                .Put(BatchKey(id), JsonSerializer.SerializeToUtf8Bytes(batch, DispatchBatchJsonContext.Default.DispatchBatch))
                .IndexAdd(StatusIndex(BatchStatus.Pending), id, now.ToUnixTimeMilliseconds());
            var committed = await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (!committed.Committed)
            {
                // Claimed by another batch or changed since it was read: leave that item out and choose again.
                if (ItemIdOfKey(committed.FailedCondition!.Value.Key) is { } conflicting)
                {
                    leftOut.Add(conflicting);
                }

                continue;
            }

            await _audit.AppendAsync(
                new AuditRecord { At = now, Action = AuditActions.BatchCreated, Actor = actor, BatchId = id, Detail = $"{name}: {scopeIds.Count} items, {actions.Count} actions, hash {batch.PreviewHash}" },
                CancellationToken.None).ConfigureAwait(false);
            return new BatchOperationResult(batch, null);
        }

        return new BatchOperationResult(null, new Refusal(BatchRefusals.Contended, $"the approved {name} items kept changing while the batch was created ({MaxCreateAttempts} attempts); nothing was written, try again"));
    }

    /// <summary>
    /// The items a new batch takes, oldest first, up to <see cref="BatchOptions.MaxItems"/>, each with the
    /// version of its record: approved, of the motion, with approved content, of the batch's kind (sandbox
    /// or human) and not claimed by a batch. An unreadable item is reported to the quarantine and skipped.
    /// </summary>
    private async ValueTask<List<(ReviewItem Item, long Version)>> ChooseItemsAsync(BatchMotion motion, bool sandbox, IReadOnlyCollection<string>? itemIds, HashSet<string> leftOut, CancellationToken cancellationToken)
    {
        IEnumerable<string> candidates = itemIds
            ?? (await _store.IndexRangeAsync(ReviewQueue.StatusIndex(ReviewStatus.Approved), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false)).Select(e => e.Member);
        var chosen = new List<(ReviewItem, long)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var itemId in candidates)
        {
            if (chosen.Count >= _options.MaxItems)
            {
                break;
            }

            if (leftOut.Contains(itemId) || !seen.Add(itemId) || await ReadItemWithVersionAsync(itemId, cancellationToken).ConfigureAwait(false) is not ({ } item, var version))
            {
                continue;
            }

            if (item.Status != ReviewStatus.Approved || item.Motion != motion || item.ContentDigest is null || item.IsSandboxWork() != sandbox)
            {
                continue;
            }

            if (await _store.GetAsync(ClaimKey(itemId), cancellationToken).ConfigureAwait(false) is not null)
            {
                continue; // already in another batch
            }

            chosen.Add((item, version));
        }

        return chosen;
    }

    private static string? ItemIdOfKey(string key) =>
        key.StartsWith(ItemClaimPrefix, StringComparison.Ordinal) ? key[ItemClaimPrefix.Length..]
        : key.StartsWith(ReviewQueue.ItemKey(string.Empty), StringComparison.Ordinal) ? key[ReviewQueue.ItemKey(string.Empty).Length..]
        : null;
}
