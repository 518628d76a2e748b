using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caio.Crafting;
using Caio.Dedup;
using Caio.Internal;
using Caio.Leads;
using Caio.State;

namespace Caio.Review;

/// <summary>
/// The review queue on the state abstraction: one record per item (<c>queue:item:&lt;id&gt;</c>),
/// a sorted index per status (by creation time) and a put-if-absent duplicate marker per
/// recipient and subject (<c>queue:dedup:&lt;sha256&gt;</c>). Identical on every backend.
/// </summary>
public sealed class ReviewQueue : IReviewQueue
{
    private const string ItemPrefix = "queue:item:";
    private const string DedupPrefix = "queue:dedup:";
    private const string StatusIndexPrefix = "queue:status:";

    private readonly IStateStore _store;
    private readonly EmailCanonicalizer _canonicalizer;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the queue.</summary>
    /// <param name="store">State backend.</param>
    /// <param name="canonicalizer">Canonicalizes recipients.</param>
    /// <param name="timeProvider">Clock.</param>
    public ReviewQueue(IStateStore store, EmailCanonicalizer canonicalizer, TimeProvider timeProvider)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _canonicalizer = canonicalizer ?? throw new ArgumentNullException(nameof(canonicalizer));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The store key of an item.</summary>
    /// <param name="id">Item id.</param>
    /// <returns>The key.</returns>
    internal static string ItemKey(string id) => ItemPrefix + id;

    /// <summary>The index of items in a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The index name.</returns>
    internal static string StatusIndex(ReviewStatus status) => StatusIndexPrefix + status.ToWireName();

    /// <inheritdoc />
    public async ValueTask<EnqueueResult> EnqueueAsync(MessageDraft draft, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var lead = draft.Lead.Lead.Lead;
        if (!_canonicalizer.TryCreateKey(lead.Email ?? string.Empty, out var key, out var invalid))
        {
            return new EnqueueResult(null, "invalid_recipient", invalid.ToWireName());
        }

        if ((PlaceholderDetector.FindPlaceholder(draft.Subject) ?? PlaceholderDetector.FindPlaceholder(draft.Body)) is { } placeholder)
        {
            return new EnqueueResult(null, "placeholder", placeholder);
        }

        var now = _timeProvider.GetUtcNow();
        var id = IdGenerator.NewId("rq", now);
        var dedupKey = DedupPrefix + DuplicateFingerprint(key.Value, draft.Subject, draft.Step.Step);
        if (!await _store.TryInsertAsync(dedupKey, Encoding.UTF8.GetBytes("\"" + id + "\""), null, cancellationToken).ConfigureAwait(false))
        {
            return new EnqueueResult(null, "duplicate", "a draft with the same recipient and subject is already queued");
        }

        var score = draft.Lead.Score;
        var item = new ReviewItem
        {
            Id = id,
            Status = ReviewStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            RunId = runId,
            RecipientEmail = lead.Email!.Trim(),
            RecipientKey = key.Value,
            RecipientName = string.Join(' ', new[] { lead.FirstName, lead.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))),
            Title = lead.Title,
            Company = lead.Company?.Name,
            CompanyDomain = lead.Company?.Domain,
            TimeZone = lead.TimeZone,
            LinkedInUrl = lead.LinkedInUrl,
            Channel = draft.Step.Channel,
            Step = draft.Step.Step,
            Day = draft.Step.Day,
            Subject = draft.Subject,
            Body = draft.Body,
            Crafter = draft.Crafter,
            Score = score.Score,
            Tier = score.Tier,
            NeedsReview = score.NeedsReview,
            Reasons = score.Reasons,
            Enriched = draft.Lead.Lead.Enriched,
        };

        await _store.PutAsync(ItemKey(id), Serialize(item), null, cancellationToken).ConfigureAwait(false);
        await _store.IndexAddAsync(StatusIndex(ReviewStatus.Pending), id, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return new EnqueueResult(item, null, null);
    }

    /// <inheritdoc />
    public async ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var entry = await _store.GetAsync(ItemKey(id), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : Deserialize(entry.Value);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ReviewItem>> ListAsync(ReviewStatus status, int? limit = null, CancellationToken cancellationToken = default)
    {
        var ids = await _store.IndexRangeAsync(StatusIndex(status), double.NegativeInfinity, double.PositiveInfinity, limit, cancellationToken).ConfigureAwait(false);
        var items = new List<ReviewItem>(ids.Count);
        foreach (var entry in ids)
        {
            if (await GetAsync(entry.Member, cancellationToken).ConfigureAwait(false) is { } item && item.Status == status)
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

        return counts;
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
