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

    internal static byte[] Serialize(ReviewItem item) => JsonSerializer.SerializeToUtf8Bytes(item, ReviewJsonContext.Default.ReviewItem);

    internal static ReviewItem Deserialize(ReadOnlyMemory<byte> value) => Internal.ReviewItemDecoder.Decode(value.Span);

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
