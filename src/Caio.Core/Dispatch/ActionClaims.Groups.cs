using Caio.Batches;
using Caio.State;

namespace Caio.Dispatch;

/// <summary>
/// Claims taken and settled in groups (group commit, decision 0009): the executor that holds a batch
/// claims the next <see cref="GroupSize"/> actions of a pass in one commit, durable before any of them is
/// evaluated, and settles their claims together, so a pass costs a few commits instead of two per action.
/// The claims are the same records as <see cref="RunAsync"/> takes one by one, with the same meaning:
/// a helping executor skips an action claimed here, and a claim whose executor died lapses after
/// <see cref="OperatorOptions.ExecutionLeaseTtl"/>.
/// </summary>
internal sealed partial class ActionClaims
{
    /// <summary>
    /// Actions claimed together: at most this many ahead of the executor's progress (helpers take the
    /// rest of the batch from its end), and enough for the store to write them as one group.
    /// </summary>
    public const int GroupSize = 16;

    /// <summary>
    /// Claims <paramref name="actions"/> in one commit, each only if nobody holds or settled it. An action
    /// whose claim exists is left out and the rest are claimed together; when that does not settle it in a
    /// few tries, none is claimed. The caller runs every action left out through <see cref="RunAsync"/>.
    /// </summary>
    /// <returns>The ids of the actions now claimed by this executor.</returns>
    public async Task<IReadOnlySet<string>> ClaimGroupAsync(string batchId, IReadOnlyList<BatchAction> actions, CancellationToken cancellationToken)
    {
        const int Attempts = 4;
        var candidates = actions.ToList();
        for (var attempt = 0; attempt < Attempts && candidates.Count > 1; attempt++)
        {
            var claim = Claim(null);
            var expiresAt = timeProvider.GetUtcNow() + options.ExecutionLeaseTtl;
            var transaction = new StateTransaction();
            foreach (var action in candidates)
            {
                var key = ClaimKey(batchId, action.ActionId);
                transaction.RequireVersion(key, 0).Put(key, claim, expiresAt);
            }

            var result = await store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (result.Committed)
            {
                return candidates.Select(a => a.ActionId).ToHashSet(StringComparer.Ordinal);
            }

            var taken = result.FailedCondition?.Key;
            if (candidates.RemoveAll(a => string.Equals(ClaimKey(batchId, a.ActionId), taken, StringComparison.Ordinal)) == 0)
            {
                break;
            }
        }

        return new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Settles claims taken with <see cref="ClaimGroupAsync"/> in one commit, each as <see cref="RunAsync"/>
    /// settles one: a final outcome is written into the claim, a deferral, a transient refusal or no
    /// outcome (the action did not run) gives it up. When one of them changed meanwhile (it lapsed and
    /// another executor took it over), each is settled on its own, and the one taken over is left alone.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="settled">Each action's id and outcome (<see langword="null"/>: it did not run).</param>
    /// <returns>A task that completes when the claims are settled (or left to lapse after a failure).</returns>
    public async Task SettleGroupAsync(DispatchBatch batch, IReadOnlyList<(string ActionId, ActionOutcome? Outcome)> settled)
    {
        if (settled.Count == 0)
        {
            return;
        }

        try
        {
            var transaction = new StateTransaction();
            foreach (var (actionId, outcome) in settled)
            {
                var key = ClaimKey(batch.Id, actionId);
                var current = await store.GetJsonAsync(key, ActionClaimJsonContext.Default.ActionClaim, CancellationToken.None).ConfigureAwait(false);
                if (current is not { } held || !OwnsOpen(held.Value))
                {
                    continue;
                }

                transaction.RequireVersion(key, held.Version);
                _ = GivesUp(outcome) ? transaction.Delete(key) : transaction.Put(key, Claim(outcome), KeepUntil(batch));
            }

            if (transaction.Writes.Count > 0 && !(await store.CommitAsync(transaction, CancellationToken.None).ConfigureAwait(false)).Committed)
            {
                foreach (var (actionId, outcome) in settled)
                {
                    await SettleClaimAsync(ClaimKey(batch.Id, actionId), batch, outcome).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The claims lapse on their own after their TTL; the actions' outcomes are already in the items and the ledger.
        }
    }
}
