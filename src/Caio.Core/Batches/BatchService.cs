using System.Text;
using System.Text.Json;
using Caio.Audit;
using Caio.Notifications;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Batches;

/// <summary>
/// Creates, approves, rejects, expires and claims dispatch batches. A batch freezes a set of approved
/// review items (each with the digest of its approved content) and the actions to send; execution is
/// claimed with compare-and-set, so exactly one executor runs a batch, across threads and — on the
/// file backend, whose writes take an OS file lock — across processes.
/// </summary>
public sealed partial class BatchService
{
    private const string BatchPrefix = "batch:record:";
    private const string ItemClaimPrefix = "batch:item:";
    private const string StatusIndexPrefix = "batch:status:";
    private const int MaxCreateAttempts = 16;

    private readonly IStateStore _store;
    private readonly IReviewQueue _queue;
    private readonly IAuditLog _audit;
    private readonly IAlertPublisher _alerts;
    private readonly TimeProvider _timeProvider;
    private readonly BatchOptions _options;
    private readonly UnreadableRecords _unreadable;

    /// <summary>Creates the service.</summary>
    /// <param name="store">State backend.</param>
    /// <param name="queue">Review queue.</param>
    /// <param name="audit">Audit trail.</param>
    /// <param name="alerts">Alert publisher.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="options">Batch options.</param>
    public BatchService(IStateStore store, IReviewQueue queue, IAuditLog audit, IAlertPublisher alerts, TimeProvider timeProvider, IOptions<BatchOptions> options)
        : this(store, queue, audit, alerts, timeProvider, options, new UnreadableRecords())
    {
    }

    /// <summary>Creates the service reporting unreadable batches to a shared quarantine.</summary>
    /// <param name="store">State backend.</param>
    /// <param name="queue">The review queue.</param>
    /// <param name="audit">Audit trail.</param>
    /// <param name="alerts">Alerts.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="options">Batch options.</param>
    /// <param name="unreadable">Where listings report the batches they could not read and skipped.</param>
    public BatchService(IStateStore store, IReviewQueue queue, IAuditLog audit, IAlertPublisher alerts, TimeProvider timeProvider, IOptions<BatchOptions> options, UnreadableRecords unreadable)
    {
        _unreadable = unreadable ?? throw new ArgumentNullException(nameof(unreadable));
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _alerts = alerts ?? throw new ArgumentNullException(nameof(alerts));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options.Value;
    }

    /// <summary>The action id of an item's send: <c>&lt;itemId&gt;:s&lt;step&gt;</c>.</summary>
    /// <param name="itemId">Item id.</param>
    /// <param name="step">Sequence step.</param>
    /// <returns>The action id.</returns>
    public static string ActionId(string itemId, int step) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{itemId}:s{step}");

    /// <summary>Reads an item with its record version; an unreadable one is reported to the quarantine and read as absent.</summary>
    private async ValueTask<(ReviewItem? Item, long Version)> ReadItemWithVersionAsync(string itemId, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await _store.GetAsync(ReviewQueue.ItemKey(itemId), cancellationToken).ConfigureAwait(false);
            return entry is null ? (null, 0) : (ReviewQueue.Deserialize(entry.Value), entry.Version);
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex))
        {
            _unreadable.Report(ReviewQueue.ItemKey(itemId), ex);
            return (null, 0);
        }
    }

    /// <summary>Reads a batch.</summary>
    /// <param name="id">Batch id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batch, or <see langword="null"/>.</returns>
    public async ValueTask<DispatchBatch?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        try
        {
            return (await _store.GetJsonAsync(BatchKey(id), DispatchBatchJsonContext.Default.DispatchBatch, cancellationToken).ConfigureAwait(false))?.Value;
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex) && ex is not UnreadableRecordException)
        {
            throw UnreadableRecordException.For(BatchKey(id), ex);
        }
    }

    /// <summary>Lists batches in a status, oldest first.</summary>
    /// <param name="status">The status.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batches.</returns>
    public async ValueTask<IReadOnlyList<DispatchBatch>> ListAsync(BatchStatus status, CancellationToken cancellationToken = default)
    {
        var entries = await _store.IndexRangeAsync(StatusIndex(status), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var batches = new List<DispatchBatch>(entries.Count);
        foreach (var entry in entries)
        {
            DispatchBatch? batch;
            try
            {
                batch = await GetAsync(entry.Member, cancellationToken).ConfigureAwait(false);
            }
            catch (UnreadableRecordException ex)
            {
                // Quarantined: reported, skipped, left in place; the other batches proceed.
                _unreadable.Report(ex.Key, ex);
                continue;
            }

            if (batch is not null && batch.Status == status)
            {
                batches.Add(batch);
            }
        }

        return batches;
    }

    private static string ItemIdOf(string actionId)
    {
        var marker = actionId.LastIndexOf(":s", StringComparison.Ordinal);
        return marker > 0 ? actionId[..marker] : actionId;
    }

    /// <summary>Reads an item; an unreadable one is reported to the quarantine and read as absent.</summary>
    private async ValueTask<ReviewItem?> ReadItemOrQuarantineAsync(string itemId, CancellationToken cancellationToken)
    {
        try
        {
            return await _queue.GetAsync(itemId, cancellationToken).ConfigureAwait(false);
        }
        catch (UnreadableRecordException ex)
        {
            _unreadable.Report(ex.Key, ex);
            return null;
        }
    }

    internal static string BatchKey(string id) => BatchPrefix + id;

    private static string ClaimKey(string itemId) => ItemClaimPrefix + itemId;

    /// <summary>A claim's value: the batch id as a JSON string.</summary>
    private static byte[] ClaimValue(string batchId) => Encoding.UTF8.GetBytes("\"" + batchId + "\"");

    internal static string StatusIndex(BatchStatus status) => StatusIndexPrefix + Wire(status);

    private static string Wire(BatchStatus status) => status switch
    {
        BatchStatus.Pending => "pending",
        BatchStatus.Approved => "approved",
        BatchStatus.Rejected => "rejected",
        BatchStatus.Executing => "executing",
        BatchStatus.Executed => "executed",
        _ => "expired",
    };
}
