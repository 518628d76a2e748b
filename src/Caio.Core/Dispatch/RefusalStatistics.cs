using System.Globalization;
using Caio.Safety;
using Caio.State;

namespace Caio.Dispatch;

/// <summary>
/// Counts send refusals and deferrals per reason code and UTC day (counters that expire after a
/// week), so <c>status</c> can answer "why is nothing sending?" without reading the audit trail.
/// </summary>
/// <param name="store">State backend.</param>
/// <param name="timeProvider">Clock.</param>
public sealed class RefusalStatistics(IStateStore store, TimeProvider timeProvider)
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    /// <summary>Counts one refusal.</summary>
    /// <param name="reasonCode">Its reason code.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when counted.</returns>
    public ValueTask RecordAsync(string reasonCode, CancellationToken cancellationToken = default) =>
        RecordAsync(reasonCode, 1, cancellationToken);

    private async ValueTask RecordAsync(string reasonCode, long count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reasonCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var now = timeProvider.GetUtcNow();
        var day = now.UtcDateTime.Date;
        await store.IncrementAsync(Key(day, reasonCode), count, long.MaxValue, new DateTimeOffset(day, TimeSpan.Zero) + Retention, cancellationToken).ConfigureAwait(false);
        await store.IndexAddAsync(IndexName(day), StateKeySegment.Encode(reasonCode), 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts several refusals at once: one counter write and one index write per reason.</summary>
    /// <param name="counts">Reason code → how many.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when counted.</returns>
    public async ValueTask RecordManyAsync(IReadOnlyDictionary<string, long> counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var (reasonCode, count) in counts)
        {
            await RecordAsync(reasonCode, count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Refusals counted today (UTC), by reason code, most frequent first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Reason code → count.</returns>
    public async ValueTask<IReadOnlyList<KeyValuePair<string, long>>> TodayAsync(CancellationToken cancellationToken = default)
    {
        var day = timeProvider.GetUtcNow().UtcDateTime.Date;
        var reasons = await store.IndexRangeAsync(IndexName(day), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var counts = new List<KeyValuePair<string, long>>(reasons.Count);
        foreach (var reason in reasons)
        {
            var count = await store.GetCounterAsync(KeyForSegment(day, reason.Member), cancellationToken).ConfigureAwait(false);
            if (count > 0)
            {
                counts.Add(new(reason.Member, count));
            }
        }

        return [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }

    private static string Key(DateTime day, string reasonCode) => KeyForSegment(day, StateKeySegment.Encode(reasonCode));

    private static string KeyForSegment(DateTime day, string segment) =>
        string.Create(CultureInfo.InvariantCulture, $"stats:refusals:{day:yyyyMMdd}:{segment}");

    private static string IndexName(DateTime day) => string.Create(CultureInfo.InvariantCulture, $"stats:refusal-reasons:{day:yyyyMMdd}");
}
