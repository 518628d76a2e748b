using Caio.Audit;
using Caio.Safety;
using Caio.State;

namespace Caio.Review;

// Status changes: expiry of stale drafts, guarded transitions and the one-commit write of a change with its index move.
public sealed partial class ReviewQueue
{
    /// <inheritdoc />
    public async ValueTask<int> ExpireStaleAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _timeProvider.GetUtcNow() - _options.DraftTimeToLive;
        var stale = await _store.IndexRangeAsync(StatusIndex(ReviewStatus.Pending), double.NegativeInfinity, cutoff.ToUnixTimeMilliseconds(), null, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        foreach (var entry in stale)
        {
            var updated = await TransitionAsync(
                entry.Member,
                item => item.Status == ReviewStatus.Pending && item.CreatedAt <= cutoff ? item with { Status = ReviewStatus.Expired, StatusReason = ReasonCodes.DraftTtlExceeded } : null,
                cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                expired++;
                await _audit.AppendAsync(
                    new AuditRecord { At = updated.UpdatedAt, Action = AuditActions.ReviewExpired, Actor = "system:hygiene", ItemId = updated.Id, RecipientKey = updated.RecipientKey, ReasonCode = ReasonCodes.DraftTtlExceeded },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return expired;
    }

    /// <summary>
    /// Applies a change to an item with compare-and-set, retrying on conflicts. <paramref name="change"/>
    /// returns the new item, or <see langword="null"/> to leave the item as it is.
    /// </summary>
    /// <param name="id">Item id.</param>
    /// <param name="change">The change; may be called more than once.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The updated item, or <see langword="null"/> when absent or unchanged.</returns>
    public async ValueTask<ReviewItem?> TransitionAsync(string id, Func<ReviewItem, ReviewItem?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var entry = await _store.GetAsync(ItemKey(id), cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return null;
            }

            var item = Deserialize(entry.Value);
            var updated = change(item);
            if (updated is null)
            {
                return null;
            }

            updated = updated with { UpdatedAt = _timeProvider.GetUtcNow() };
            if (await TryWriteTransitionAsync(item, updated, entry.Version, cancellationToken).ConfigureAwait(false))
            {
                return updated;
            }
        }
    }

    /// <summary>
    /// Writes a status change in one commit: the record (compare-and-set on <paramref name="version"/>)
    /// and, when the status changes, the move from the old status index to the new one. All or
    /// nothing, also under a crash, so the indexes always agree with the records.
    /// </summary>
    private async ValueTask<bool> TryWriteTransitionAsync(ReviewItem before, ReviewItem after, long version, CancellationToken cancellationToken)
    {
        var transaction = new StateTransaction();
        AddTransition(transaction, new ItemStatusChange(before, after, version));
        return (await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false)).Committed;
    }

    /// <summary>
    /// Reads an item for a status change that a caller commits together with its own writes (the
    /// dispatch operator records a send outcome in one commit, decision 0007). Returns
    /// <see langword="null"/> when the item is absent, already in <paramref name="status"/>, or may not
    /// move there (<see cref="ReviewStatuses.CanTransition"/>).
    /// </summary>
    /// <param name="id">Item id.</param>
    /// <param name="status">The new status.</param>
    /// <param name="reason">The status reason.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The change to add with <see cref="AddTransition"/>, or <see langword="null"/>.</returns>
    internal async ValueTask<ItemStatusChange?> PrepareStatusChangeAsync(string id, ReviewStatus status, string? reason, CancellationToken cancellationToken)
    {
        var entry = await _store.GetAsync(ItemKey(id), cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var item = Deserialize(entry.Value);
        return item.Status == status || !item.Status.CanTransition(status)
            ? null
            : new ItemStatusChange(item, item with { Status = status, StatusReason = reason, UpdatedAt = _timeProvider.GetUtcNow() }, entry.Version);
    }

    /// <summary>
    /// Adds a status change to a commit: the record (compare-and-set on the version read) and, when the
    /// status changes, the move from the old status index to the new one. Refuses a change the
    /// transition table does not allow.
    /// </summary>
    /// <param name="transaction">The commit to add to.</param>
    /// <param name="change">The change.</param>
    /// <returns>The item's key, as named by the condition.</returns>
    internal static string AddTransition(StateTransaction transaction, ItemStatusChange change)
    {
        var (before, after, version) = change;
        if (!before.Status.CanTransition(after.Status))
        {
            throw new InvalidOperationException($"Review item {after.Id}: {before.Status.ToWireName()} → {after.Status.ToWireName()} is not an allowed status change.");
        }

        transaction
            .RequireVersion(ItemKey(after.Id), version)
            .Put(ItemKey(after.Id), Serialize(after));
        if (before.Status != after.Status)
        {
            transaction
                .IndexRemove(StatusIndex(before.Status), after.Id)
                .IndexAdd(StatusIndex(after.Status), after.Id, after.CreatedAt.ToUnixTimeMilliseconds());
        }

        return ItemKey(after.Id);
    }
}
