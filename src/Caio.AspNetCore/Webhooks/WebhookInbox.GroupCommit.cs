using System.Collections.Concurrent;
using Caio.State;

namespace Caio.AspNetCore.Webhooks;

/// <summary>
/// Group commit of accepted webhooks (decision 0009's mechanism: many records in one
/// <see cref="IStateStore.CommitAsync"/>, which the file backend makes durable with one flushed intent and
/// one file-system flush). Requests queue their accept and wait on one gate; the request holding the gate
/// commits everything queued so far as one transaction and completes every waiter of the group, so a 2xx
/// follows only a durable group and a crash loses only requests that were never answered.
/// </summary>
internal sealed partial class WebhookInbox
{
    /// <summary>At most this many events per commit (three writes each).</summary>
    internal const int MaxGroupEvents = 256;

    /// <summary>At most this many record bytes per commit (a group stops growing once past it).</summary>
    internal const int MaxGroupBytes = 8 * 1024 * 1024;

    private readonly ConcurrentQueue<PendingAccept> _waiting = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Groups committed since start (tests and diagnostics).</summary>
    public long GroupsCommitted => Interlocked.Read(ref _groupsCommitted);

    private long _groupsCommitted;

    /// <summary>Accepts queued for the next group (tests and diagnostics).</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Commits every queued accept, a group at a time. The caller holds the gate.</summary>
    private async Task CommitWaitingAsync()
    {
        while (!_waiting.IsEmpty)
        {
            var group = new List<PendingAccept>();
            var bytes = 0;
            while (group.Count < MaxGroupEvents && bytes < MaxGroupBytes && _waiting.TryDequeue(out var next))
            {
                group.Add(next);
                bytes += next.Record.Length;
            }

            try
            {
                await CommitGroupAsync(group).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Nothing of the group is acknowledged: each request answers with the store's failure.
                foreach (var accept in group)
                {
                    accept.Completion.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>
    /// Commits one group: every new event's dedupe marker, inbox record and index entry in one transaction.
    /// A repeat of an event earlier in the same group, or of one accepted before, is a duplicate; it is
    /// answered only after the group is durable, like the others.
    /// </summary>
    private async Task CommitGroupAsync(List<PendingAccept> group)
    {
        var members = new List<PendingAccept>(group.Count);
        var firstBySeen = new Dictionary<string, PendingAccept>(StringComparer.Ordinal);
        var repeats = new List<PendingAccept>();
        foreach (var accept in group)
        {
            if (firstBySeen.TryAdd(accept.Seen, accept))
            {
                members.Add(accept);
            }
            else
            {
                repeats.Add(accept);
            }
        }

        var checkedExisting = false;
        while (members.Count > 0)
        {
            StateTransaction transaction;
            try
            {
                transaction = Transaction(members);
            }
            catch (ArgumentException)
            {
                // The store refused a record: only that request is refused, the rest of the group is committed.
                RemoveRefused(members);
                continue;
            }

            var result = await store.CommitAsync(transaction, CancellationToken.None).ConfigureAwait(false);
            if (result.Committed)
            {
                Interlocked.Increment(ref _groupsCommitted);
                foreach (var accept in members)
                {
                    accept.Completion.TrySetResult(true);
                }

                break;
            }

            var failed = result.FailedCondition?.Key;
            var index = members.FindIndex(a => string.Equals(a.Seen, failed, StringComparison.Ordinal) || string.Equals(a.Key, failed, StringComparison.Ordinal));
            if (index < 0)
            {
                throw new InvalidOperationException($"The webhook inbox commit failed on an unexpected condition: {failed}.");
            }

            members[index].Completion.TrySetResult(false);
            members.RemoveAt(index);
            if (!checkedExisting)
            {
                // Retries of earlier deliveries usually come several at a time: look them all up once
                // instead of committing again for each.
                checkedExisting = true;
                for (var i = members.Count - 1; i >= 0; i--)
                {
                    if (await store.GetAsync(members[i].Seen, CancellationToken.None).ConfigureAwait(false) is not null
                        || await store.GetAsync(members[i].Key, CancellationToken.None).ConfigureAwait(false) is not null)
                    {
                        members[i].Completion.TrySetResult(false);
                        members.RemoveAt(i);
                    }
                }
            }
        }

        foreach (var repeat in repeats)
        {
            repeat.Completion.TrySetResult(false);
        }
    }

    private static StateTransaction Transaction(List<PendingAccept> members)
    {
        var transaction = new StateTransaction();
        foreach (var accept in members)
        {
            transaction
                .RequireVersion(accept.Seen, 0)
                .Put(accept.Seen, accept.Marker, accept.SeenExpiresAt)
                .RequireVersion(accept.Key, 0)
                .Put(accept.Key, accept.Record)
                .IndexAdd(Index, accept.Key, accept.Score);
        }

        return transaction;
    }

    /// <summary>Completes and removes each member whose writes the store refuses on their own.</summary>
    private static void RemoveRefused(List<PendingAccept> members)
    {
        var removed = members.RemoveAll(accept =>
        {
            try
            {
                Transaction([accept]);
                return false;
            }
            catch (ArgumentException ex)
            {
                accept.Completion.TrySetException(new InboxRefusedException("the state store cannot store the event: " + ex.Message, ex));
                return true;
            }
        });
        if (removed == 0)
        {
            throw new InvalidOperationException("The webhook inbox group was refused by the state store, but none of its events is on its own.");
        }
    }

    /// <summary>An accept waiting for its group's commit.</summary>
    private sealed class PendingAccept(string seen, string key, byte[] marker, ReadOnlyMemory<byte> record, DateTimeOffset seenExpiresAt, double score)
    {
        public string Seen { get; } = seen;

        public string Key { get; } = key;

        public byte[] Marker { get; } = marker;

        public ReadOnlyMemory<byte> Record { get; } = record;

        public DateTimeOffset SeenExpiresAt { get; } = seenExpiresAt;

        public double Score { get; } = score;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
