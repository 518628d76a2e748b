using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caio.Audit;
using Caio.Crafting;
using Caio.Dedup;
using Caio.Diagnostics;
using Caio.Internal;
using Caio.Leads;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Review;

/// <summary>
/// The review queue on the state abstraction: one record per item (<c>queue:item:&lt;id&gt;</c>),
/// a sorted index per status (by creation time) and a put-if-absent duplicate marker per
/// recipient and subject (<c>queue:dedup:&lt;sha256&gt;</c>). Identical on every backend.
/// </summary>
public sealed partial class ReviewQueue : IReviewQueue
{
    private const string ItemPrefix = "queue:item:";
    private const string DedupPrefix = "queue:dedup:";
    private const string StatusIndexPrefix = "queue:status:";

    private const int MaxConflictRetries = 16;

    private readonly CaioMetrics? _metrics;
    private readonly IStateStore _store;
    private readonly EmailCanonicalizer _canonicalizer;
    private readonly TimeProvider _timeProvider;
    private readonly IAuditLog _audit;
    private readonly ReviewOptions _options;
    private readonly UnreadableRecords _unreadable;

    /// <summary>Creates the queue.</summary>
    /// <param name="store">State backend.</param>
    /// <param name="canonicalizer">Canonicalizes recipients.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="audit">Audit trail for decisions.</param>
    /// <param name="options">Hygiene options.</param>
    public ReviewQueue(IStateStore store, EmailCanonicalizer canonicalizer, TimeProvider timeProvider, IAuditLog audit, IOptions<ReviewOptions> options)
        : this(store, canonicalizer, timeProvider, audit, options, new UnreadableRecords())
    {
    }

    /// <summary>Creates the queue reporting unreadable items to a shared quarantine.</summary>
    /// <param name="store">State backend.</param>
    /// <param name="canonicalizer">Canonicalizes recipients.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="audit">Audit trail for decisions.</param>
    /// <param name="options">Hygiene options.</param>
    /// <param name="unreadable">Where listings report the items they could not read and skipped.</param>
    /// <param name="metrics">Caio's instruments (queue depth when counted); <see langword="null"/> records no metrics.</param>
    public ReviewQueue(IStateStore store, EmailCanonicalizer canonicalizer, TimeProvider timeProvider, IAuditLog audit, IOptions<ReviewOptions> options, UnreadableRecords unreadable, CaioMetrics? metrics = null)
    {
        _metrics = metrics;
        _unreadable = unreadable ?? throw new ArgumentNullException(nameof(unreadable));
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _canonicalizer = canonicalizer ?? throw new ArgumentNullException(nameof(canonicalizer));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _options = options.Value;
    }

    /// <summary>The store key of an item.</summary>
    /// <param name="id">Item id.</param>
    /// <returns>The key.</returns>
    internal static string ItemKey(string id) => ItemPrefix + id;

    /// <summary>The index of items in a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The index name.</returns>
    internal static string StatusIndex(ReviewStatus status) => StatusIndexPrefix + status.ToWireName();

    /// <summary>
    /// The version of a duplicate marker whose draft ended send_failed (so a new draft may take it
    /// over), or 0 when the marker still guards a live or settled-as-sent draft.
    /// </summary>
    private async ValueTask<long> ReplaceableMarkerVersionAsync(string dedupKey, CancellationToken cancellationToken)
    {
        var marker = await _store.GetAsync(dedupKey, cancellationToken).ConfigureAwait(false);
        if (marker is null)
        {
            return 0;
        }

        var earlierId = JsonSerializer.Deserialize(marker.Value.Span, ReviewJsonContext.Default.String);
        if (string.IsNullOrEmpty(earlierId))
        {
            return 0;
        }

        var earlier = await _store.GetAsync(ItemKey(earlierId), cancellationToken).ConfigureAwait(false);
        return earlier is not null && Deserialize(earlier.Value).Status == ReviewStatus.SendFailed ? marker.Version : 0;
    }

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

    /// <inheritdoc />
    public async ValueTask<DecisionResult> RejectAsync(string id, string reason, string tag, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.MissingReason, "a rejection needs a reason"));
        }

        if (tag is null || !RejectionTags.All.Contains(tag))
        {
            return new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.InvalidTag, $"unknown tag '{tag}'; expected one of: {string.Join(", ", RejectionTags.All.Order(StringComparer.Ordinal))}"));
        }

        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var (item, version, refusal) = await LoadForDecisionAsync(id, actor, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal.Value;
            }

            var now = _timeProvider.GetUtcNow();
            var updated = item! with
            {
                Status = ReviewStatus.Rejected,
                DecidedBy = actor,
                DecidedAt = now,
                RejectionReason = reason,
                RejectionTag = tag,
                UpdatedAt = now,
            };
            if (!await TryWriteTransitionAsync(item, updated, version, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await _audit.AppendAsync(
                new AuditRecord { At = now, Action = AuditActions.ReviewRejected, Actor = actor, ItemId = id, RecipientKey = item.RecipientKey, ReasonCode = tag, Detail = reason },
                CancellationToken.None).ConfigureAwait(false);
            await _audit.AppendFeedbackAsync(
                new FeedbackSignal { At = now, ItemId = id, Decision = "rejected", Tag = tag, Feedback = reason, Tier = item.Tier.ToWireName(), Score = item.Score, Crafter = item.Crafter },
                CancellationToken.None).ConfigureAwait(false);
            return new DecisionResult(updated, null);
        }

        return new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.Conflict, "the item kept changing concurrently; retry"));
    }

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

    private async ValueTask<(ReviewItem? Item, long Version, DecisionResult? Refusal)> LoadForDecisionAsync(string id, string actor, CancellationToken cancellationToken)
    {
        StateEntry? entry;
        ReviewItem item;
        try
        {
            entry = await _store.GetAsync(ItemKey(id), cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return (null, 0, new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.NotFound, $"no review item '{id}'")));
            }

            item = Deserialize(entry.Value);
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex))
        {
            _unreadable.Report(ItemKey(id), ex);
            return (null, 0, new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.Unreadable, $"review item record {ItemKey(id)} cannot be read ({ex.Message}); it is left in place for repair")));
        }

        if (item.Status.IsTerminal())
        {
            return (item, entry.Version, await RefuseAsync(item, actor, ReviewRefusals.TerminalStatus, $"the item is {item.Status.ToWireName()}; terminal items are never reopened", cancellationToken).ConfigureAwait(false));
        }

        if (item.Status != ReviewStatus.Pending)
        {
            return (item, entry.Version, await RefuseAsync(item, actor, ReviewRefusals.AlreadyDecided, $"the item is already {item.Status.ToWireName()}", cancellationToken).ConfigureAwait(false));
        }

        if (_timeProvider.GetUtcNow() - item.CreatedAt > _options.DraftTimeToLive)
        {
            var expired = item with { Status = ReviewStatus.Expired, StatusReason = ReasonCodes.DraftTtlExceeded, UpdatedAt = _timeProvider.GetUtcNow() };
            if (await TryWriteTransitionAsync(item, expired, entry.Version, cancellationToken).ConfigureAwait(false))
            {
                await _audit.AppendAsync(
                    new AuditRecord { At = expired.UpdatedAt, Action = AuditActions.ReviewExpired, Actor = "system:hygiene", ItemId = item.Id, RecipientKey = item.RecipientKey, ReasonCode = ReasonCodes.DraftTtlExceeded },
                    cancellationToken).ConfigureAwait(false);
            }

            return (expired, entry.Version, await RefuseAsync(expired, actor, ReviewRefusals.Expired, $"the draft is older than {_options.DraftTimeToLive.TotalHours:F0} h and has expired", cancellationToken).ConfigureAwait(false));
        }

        return (item, entry.Version, null);
    }

    private async ValueTask<DecisionResult> RefuseAsync(ReviewItem item, string actor, string code, string detail, CancellationToken cancellationToken)
    {
        await _audit.AppendAsync(
            new AuditRecord { At = _timeProvider.GetUtcNow(), Action = AuditActions.ReviewDecisionRefused, Actor = actor, ItemId = item.Id, RecipientKey = item.RecipientKey, ReasonCode = code, Detail = detail },
            cancellationToken).ConfigureAwait(false);
        return new DecisionResult(item, new Caio.Safety.Refusal(code, detail));
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

    internal static byte[] Serialize(ReviewItem item) => JsonSerializer.SerializeToUtf8Bytes(item, ReviewJsonContext.Default.ReviewItem);

    internal static ReviewItem Deserialize(ReadOnlyMemory<byte> value) =>
        JsonSerializer.Deserialize(value.Span, ReviewJsonContext.Default.ReviewItem)
        ?? throw new InvalidDataException("A review item record is empty.");

    private static string DuplicateFingerprint(string recipientKey, string subject, int step)
    {
        var text = string.Concat(recipientKey, "\n", step.ToString(System.Globalization.CultureInfo.InvariantCulture), "\n", subject.Trim().ToUpperInvariant());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>A status change of a review item prepared for a commit: <paramref name="Before"/> as read at <paramref name="Version"/>, <paramref name="After"/> to write.</summary>
/// <param name="Before">The item as read.</param>
/// <param name="After">The item to write.</param>
/// <param name="Version">The version read.</param>
internal sealed record ItemStatusChange(ReviewItem Before, ReviewItem After, long Version);
