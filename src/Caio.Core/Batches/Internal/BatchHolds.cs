namespace Caio.Batches.Internal;

/// <summary>
/// What a batch claim's validation found, item by item: the items whose claim the batch held (or that it did not read,
/// see <see cref="AddUnread"/>), and of those the ones it may still send (approved, or unreadable: such an item keeps
/// its hold and its action is reported, never dropped). One execution works from it instead of reading every claim of
/// its scope again.
/// </summary>
internal sealed class BatchHolds
{
    private readonly Dictionary<string, bool> _held = new(StringComparer.Ordinal);

    /// <summary>Records an item the batch holds, and whether it may still be sent.</summary>
    public void Add(string itemId, bool forSending) => _held[itemId] = forSending;

    /// <summary>
    /// Records an item the validation did not read (it keeps an earlier deferral through the run): the batch may hold
    /// it, so whoever settles the batch reads its claim, but this run does not send it on the strength of this record.
    /// </summary>
    public void AddUnread(string itemId) => _held[itemId] = false;

    /// <summary>Whether the batch may hold the item's claim: it did at the claim, or the claim was not read.</summary>
    public bool Holds(string itemId) => _held.ContainsKey(itemId);

    /// <summary>Whether the batch held the item and the item could still be sent (what <c>BatchService.HoldsAsync</c> answers).</summary>
    public bool HoldsForSending(string itemId) => _held.GetValueOrDefault(itemId);
}
