using Caio.Batches;

namespace Caio.Dispatch.Internal;

internal sealed partial class BatchExecutor
{
    /// <summary>
    /// The action claims of one pass of the batch-execution loop, taken and settled in groups
    /// (<see cref="ActionClaims.ClaimGroupAsync"/>). The pass's due actions fall into fixed groups by
    /// position (the first <see cref="ActionClaims.GroupSize"/>, the next, and so on); the first action of
    /// a whole group to reach the pass, whichever it is, claims the whole group in one commit before any of
    /// them is evaluated. Settled claims are written together once a group's worth has settled, and the
    /// rest when the pass ends (<see cref="DisposeAsync"/>), also when it was interrupted, so that a claim
    /// never outlives its pass. An action that could not be claimed with its group (held by another
    /// executor) or that is in the final group too small to share a commit is run through
    /// <see cref="ActionClaims.RunAsync"/> on its own.
    /// </summary>
    /// <remarks>
    /// Because groups are fixed, an action answered "not claimed" is never claimed later by a group of the
    /// same pass: it cannot find its own pass holding the claim it is about to take (decision 0017).
    /// </remarks>
    internal sealed class PassClaims(ActionClaims claims, DispatchBatch batch, IReadOnlyList<BatchAction> due) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<string, int> _positions = due.Select((a, i) => (a.ActionId, i)).ToDictionary(p => p.ActionId, p => p.i, StringComparer.Ordinal);
        private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
        private readonly List<(string ActionId, ActionOutcome? Outcome)> _settled = [];
        private readonly HashSet<string> _ran = new(StringComparer.Ordinal);
        private readonly HashSet<int> _offeredGroups = [];

        /// <summary>Whether this pass holds the action's claim from its group; claims the whole group first when the action is the first of it to arrive.</summary>
        public async ValueTask<bool> ClaimedAsync(BatchAction action, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var group = _positions[action.ActionId] / ActionClaims.GroupSize;
                var start = group * ActionClaims.GroupSize;
                if (start + ActionClaims.GroupSize <= due.Count && _offeredGroups.Add(group))
                {
                    var members = due.Skip(start).Take(ActionClaims.GroupSize).ToList();
                    _claimed.UnionWith(await claims.ClaimGroupAsync(batch.Id, members, cancellationToken).ConfigureAwait(false));
                }

                return _claimed.Contains(action.ActionId);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Records the outcome of an action claimed with a group; writes the settled claims once a group's worth is ready.</summary>
        public async ValueTask SettleAsync(BatchAction action, ActionOutcome outcome)
        {
            List<(string, ActionOutcome?)>? ready = null;
            lock (_settled)
            {
                _settled.Add((action.ActionId, outcome));
                _ran.Add(action.ActionId);
                if (_settled.Count >= ActionClaims.GroupSize)
                {
                    ready = [.. _settled];
                    _settled.Clear();
                }
            }

            if (ready is not null)
            {
                await claims.SettleGroupAsync(batch, ready).ConfigureAwait(false);
            }
        }

        /// <summary>Writes the remaining settled claims and gives up those of claimed actions that never ran.</summary>
        public async ValueTask DisposeAsync()
        {
            List<(string ActionId, ActionOutcome? Outcome)> rest;
            lock (_settled)
            {
                rest = [.. _settled, .. _claimed.Where(id => !_ran.Contains(id)).Select(id => (id, (ActionOutcome?)null))];
                _settled.Clear();
            }

            await claims.SettleGroupAsync(batch, rest).ConfigureAwait(false);
            _gate.Dispose();
        }
    }
}
