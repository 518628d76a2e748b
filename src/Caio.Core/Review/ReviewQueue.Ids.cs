namespace Caio.Review;

public sealed partial class ReviewQueue
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> ListIdsAsync(ReviewStatus status, CancellationToken cancellationToken = default)
    {
        var entries = await _store.IndexRangeAsync(StatusIndex(status), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var ids = new string[entries.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = entries[i].Member;
        }

        return ids;
    }
}
