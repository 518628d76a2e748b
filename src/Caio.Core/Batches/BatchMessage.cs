using Caio.Review;

namespace Caio.Batches;

/// <summary>One action of a batch with the message it sends, as a person approving the batch reads it.</summary>
/// <param name="Action">The frozen action.</param>
/// <param name="ItemId">The review item the action sends.</param>
/// <param name="Item">The item, or <see langword="null"/> when it no longer exists.</param>
/// <param name="ChangedSinceFrozen">Whether the item's approved text differs from what the batch froze (the send would be refused <c>batch_hash_mismatch</c>).</param>
public sealed record BatchMessage(BatchAction Action, string ItemId, ReviewItem? Item, bool ChangedSinceFrozen)
{
    /// <summary>The subject that goes out (the approved one).</summary>
    public string? Subject => Item is null ? null : Item.ApprovedSubject ?? Item.Subject;

    /// <summary>The body that goes out (the approved one).</summary>
    public string? Body => Item is null ? null : Item.ApprovedBody ?? Item.Body;

    /// <summary>The review item id an action sends: action ids are <c>&lt;item id&gt;:s&lt;step&gt;</c>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The item id.</returns>
    public static string ItemIdOf(BatchAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var marker = action.ActionId.LastIndexOf(":s", StringComparison.Ordinal);
        return marker > 0 ? action.ActionId[..marker] : action.ActionId;
    }

    /// <summary>Reads the message of every action of <paramref name="batch"/>.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="queue">The review queue holding its items.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One message per action, in scope order.</returns>
    public static async Task<IReadOnlyList<BatchMessage>> ReadAllAsync(DispatchBatch batch, IReviewQueue queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(queue);
        var messages = new List<BatchMessage>(batch.Scope.Actions.Count);
        foreach (var action in batch.Scope.Actions)
        {
            var itemId = ItemIdOf(action);
            ReviewItem? item;
            try
            {
                item = await queue.GetAsync(itemId, cancellationToken).ConfigureAwait(false);
            }
            catch (Caio.State.UnreadableRecordException)
            {
                item = null;
            }

            var frozen = batch.Scope.ContentDigests is { } digests && digests.TryGetValue(itemId, out var digest) ? digest : null;
            messages.Add(new BatchMessage(action, itemId, item, item is not null && frozen is not null && !string.Equals(item.ContentDigest, frozen, StringComparison.Ordinal)));
        }

        return messages;
    }
}
