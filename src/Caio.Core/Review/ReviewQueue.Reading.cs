using Caio.State;

namespace Caio.Review;

// Reading the queue: one item, the items in a status, the counts per status.
public sealed partial class ReviewQueue
{
    /// <inheritdoc />
    public async ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        try
        {
            var entry = await _store.GetAsync(ItemKey(id), cancellationToken).ConfigureAwait(false);
            return entry is null ? null : Deserialize(entry.Value);
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex) && ex is not UnreadableRecordException)
        {
            throw UnreadableRecordException.For(ItemKey(id), ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus status, int? limit = null, CancellationToken cancellationToken = default)
    {
        var ids = await _store.IndexRangeAsync(StatusIndex(status), double.NegativeInfinity, double.PositiveInfinity, limit, cancellationToken).ConfigureAwait(false);
        var items = new List<ReviewItem>(ids.Count);
        foreach (var entry in ids)
        {
            ReviewItem? item;
            try
            {
                item = await GetAsync(entry.Member, cancellationToken).ConfigureAwait(false);
            }
            catch (UnreadableRecordException ex)
            {
                // Quarantined: reported, skipped, left in place; the other items proceed.
                _unreadable.Report(ex.Key, ex);
                continue;
            }

            if (item is not null && item.Status == status)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<ReviewStatus, long>> CountAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<ReviewStatus, long>();
        foreach (var status in Enum.GetValues<ReviewStatus>())
        {
            var members = await _store.IndexRangeAsync(StatusIndex(status), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
            counts[status] = members.Count;
        }

        _metrics?.QueueCounted(counts);
        return counts;
    }
}
